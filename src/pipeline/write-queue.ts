// The pipeline's single writer, so that deduplication and incident correlation see every earlier
// batch's result. Admitted items wait here; whenever the writer is free it takes every waiting item
// at once (group commit), and each item is answered as soon as its own group is written. The wait
// is bounded by the items' weight (their events): a full queue refuses new work (the sender gets
// 429 and retries) instead of buffering without limit or dropping.
//
// Under sustained load (the writer finds work waiting when it finishes a group) it lets the next
// group gather for up to GATHER_MS, or until GATHER_WEIGHT events wait: a group's fixed costs (its
// incidents rewritten once, its devices upserted once, one commit) are then shared by more events.
// An item that arrives at an idle writer is written at once.

/** The longest a busy writer waits for a group to gather, in ms. */
export const GATHER_MS = 30;
/** The events waiting that end the gathering early. */
export const GATHER_WEIGHT = 4000;

export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the ingest queue is full; retry later');
  }
}

interface Waiting<T, R> {
  item: T;
  weight: number;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/** Writes a group of items; the outcome of each, in order. */
export type GroupWriter<T, R> = (items: T[]) => Promise<PromiseSettledResult<R>[]>;

export class WriteQueue<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private pendingWeight = 0;
  private writing: Promise<void> | undefined;
  /** Ends the gathering in progress, if any. */
  private gathered: (() => void) | undefined;

  constructor(
    private readonly maxWeight: number,
    private readonly writeGroup: GroupWriter<T, R>,
    private readonly gathering = { ms: GATHER_MS, weight: GATHER_WEIGHT },
  ) {}

  /** Weight is the number of events an item carries; an item heavier than the whole limit is still taken when nothing waits. */
  add(item: T, weight: number): Promise<R> {
    if (!this.hasRoomFor(weight)) return Promise.reject(new QueueFullError(1));
    this.pendingWeight += weight;
    const result = new Promise<R>((resolve, reject) => this.waiting.push({ item, weight, resolve, reject }));
    if (this.waitingWeight >= this.gathering.weight) this.gathered?.();
    this.writing ??= this.writeWaiting();
    return result;
  }

  hasRoomFor(weight: number): boolean {
    return this.pendingWeight === 0 || this.pendingWeight + weight <= this.maxWeight;
  }

  /** Events admitted and not yet written. */
  get pending(): number {
    return this.pendingWeight;
  }

  /** Resolves once every item admitted so far is written. */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeWaiting(): Promise<void> {
    let busy = false;
    while (this.waiting.length > 0) {
      // One turn of the event loop first, so that requests already received can join the group.
      await new Promise((resolve) => setImmediate(resolve));
      if (busy) await this.gather();
      busy = true;
      const group = this.waiting.splice(0);
      const outcomes = await this.writeGroup(group.map((waiting) => waiting.item))
        .catch((reason: unknown) => group.map((): PromiseSettledResult<R> => ({ status: 'rejected', reason })));
      group.forEach((waiting, index) => {
        this.pendingWeight -= waiting.weight;
        const outcome = outcomes[index];
        if (outcome.status === 'fulfilled') waiting.resolve(outcome.value);
        else waiting.reject(outcome.reason);
      });
    }
    this.writing = undefined; // in the same turn as the check above, so no item is left behind
  }

  /** Events waiting for the next group (a few items: summed when asked). */
  private get waitingWeight(): number {
    return this.waiting.reduce((sum, waiting) => sum + waiting.weight, 0);
  }

  /** Resolves after the gathering time, or as soon as its weight waits. */
  private gather(): Promise<void> {
    if (this.waitingWeight >= this.gathering.weight) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.gathered = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.gathering.ms);
      this.gathered = done;
    });
  }
}
