// Incident uuids in the reference's shape, `9d6f2100-7158-11ed-da26-000000000001`: the RFC 4122
// version-1 layout of a timestamp, with a 12-digit process-wide counter as the last group, so
// uuids stay unique within one millisecond.
import { randomInt } from 'node:crypto';

/** 100-ns intervals from the Gregorian epoch (1582-10-15) to the Unix epoch. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n;
const VERSION_1 = 0x1000;
/** RFC 4122 variant bits plus random bits drawn per process, so two processes that count alike still differ. */
const CLOCK_SEQUENCE = (0x8000 | randomInt(0x4000)).toString(16);
const COUNTER_LIMIT = 10 ** 12;

let counter = 0;

function hex(value: bigint | number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

function decimal(value: number, digits: number): string {
  return String(value).padStart(digits, '0');
}

export function newIncidentUuid(epochMs: number = Date.now()): string {
  counter = (counter + 1) % COUNTER_LIMIT;
  const ticks = BigInt(Math.trunc(epochMs)) * 10_000n + GREGORIAN_OFFSET;
  const timeLow = ticks & 0xffffffffn;
  const timeMid = (ticks >> 32n) & 0xffffn;
  const timeHigh = Number((ticks >> 48n) & 0x0fffn) | VERSION_1;
  return `${hex(timeLow, 8)}-${hex(timeMid, 4)}-${hex(timeHigh, 4)}-${CLOCK_SEQUENCE}-${decimal(counter, 12)}`;
}
