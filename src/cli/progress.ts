// A one-line progress bar on a terminal: bytes read of the total, events sent, events per second.
// Redrawn at most ten times a second; the caller only creates it when stderr is a TTY.
const BAR_WIDTH = 24;
const REDRAW_MS = 100;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function progressLine(bytesRead: number, totalBytes: number | undefined, events: number, seconds: number): string {
  const rate = seconds > 0 ? Math.round(events / seconds) : 0;
  const counts = `${events.toLocaleString('en-US')} events  ${rate.toLocaleString('en-US')} events/s`;
  if (!totalBytes) return `${formatBytes(bytesRead)} read  ${counts}`;
  const share = Math.min(bytesRead / totalBytes, 1);
  const filled = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${formatBytes(bytesRead)} / ${formatBytes(totalBytes)}  ${counts}`;
}

export class ProgressBar {
  private bytesRead = 0;
  private events = 0;
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream, private readonly totalBytes: number | undefined) {}

  addBytes(count: number): void {
    this.bytesRead += count;
    this.draw();
  }

  setEvents(count: number): void {
    this.events = count;
    this.draw();
  }

  /** Erases the bar so the summary starts on a clean line. */
  finish(): void {
    this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const line = progressLine(this.bytesRead, this.totalBytes, this.events, (now - this.started) / 1000);
    this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns || 80) - 1)}`);
  }
}
