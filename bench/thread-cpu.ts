// CPU time for the benchmarks' per-round figures: of the whole process (every thread: the server's,
// the parse workers', the checkpoints', GC helpers', the sender's) and of the server's own thread,
// which is what bounds the rate when it is saturated. On two cores, these show a change of cost
// through the noise of the wall-clock rates.
import { readFileSync } from 'node:fs';

/** The server's (main) thread's CPU time in µs, from /proc (Linux; 10 ms resolution); NaN elsewhere. */
function mainThreadMicros(): number {
  try {
    // Fields after the parenthesized command: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

export interface CpuSpent {
  /** µs per item, all threads. */
  all: number;
  /** µs per item, the server's thread (NaN where /proc is missing). */
  server: number;
}

/** Call at the start of the measured part; the returned function gives the CPU spent per item since. */
export function startCpuClock(): (items: number) => CpuSpent {
  const process0 = process.cpuUsage();
  const main0 = mainThreadMicros();
  return (items) => {
    const spent = process.cpuUsage(process0);
    return { all: (spent.user + spent.system) / items, server: (mainThreadMicros() - main0) / items };
  };
}

export function formatCpu(cpu: CpuSpent, item: string): string {
  return `CPU ${cpu.all.toFixed(0)} µs/${item} all threads, ${cpu.server.toFixed(0)} on the server's`;
}
