// Takes incident changes from the feed without ever making the publisher wait, and hands them to
// one async handler at a time. An `updated` still waiting absorbs the next `updated` of the same
// incident: a busy incident is updated by every ingest batch, and its receivers need its latest
// state, not every step. At most `maxPending` changes wait; beyond that a change is dropped and counted.
import type { IncidentChange } from '../incidents/index.ts';

export interface CoalescerOptions {
  maxPending: number;
  onError: (error: unknown, change: IncidentChange) => void;
  /** `dropped` counts every change dropped so far. */
  onDrop: (change: IncidentChange, dropped: number) => void;
}

export class ChangeCoalescer {
  readonly #pending = new Map<string, IncidentChange>();
  #running: Promise<void> | undefined;
  #dropped = 0;
  #stopped = false;

  constructor(private readonly handle: (change: IncidentChange) => Promise<void>, private readonly options: CoalescerOptions) {}

  /** Returns at once; the change is handled later, off the caller's stack. */
  push(change: IncidentChange): void {
    if (this.#stopped) return;
    const key = `${change.kind} ${change.uuid}`;
    if (!this.#pending.has(key) && this.#pending.size >= this.options.maxPending) {
      this.#dropped += 1;
      this.options.onDrop(change, this.#dropped);
      return;
    }
    this.#pending.set(key, change);
    this.#running ??= this.#drain();
  }

  /** Resolves once every change pushed so far has been handled. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Forgets what waits and resolves when the change being handled is done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#pending.clear();
    await this.idle();
  }

  async #drain(): Promise<void> {
    try {
      await new Promise((resolve) => setImmediate(resolve));
      while (this.#pending.size > 0) {
        const [key, change] = this.#pending.entries().next().value!;
        this.#pending.delete(key);
        try {
          await this.handle(change);
        } catch (error) {
          this.options.onError(error, change);
        }
      }
    } finally {
      this.#running = undefined;
    }
  }
}
