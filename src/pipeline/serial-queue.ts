// A bounded queue that runs jobs one at a time. The pipeline is the store's single writer, so
// deduplication and incident correlation see every earlier batch's result. A full queue refuses
// new work (the sender gets 429 and retries) instead of buffering without limit or dropping.

export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the ingest queue is full; retry later');
  }
}

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pendingWeight = 0;

  constructor(private readonly maxWeight: number) {}

  /** Weight is the number of events a job carries; a job heavier than the whole limit still runs alone. */
  run<T>(weight: number, job: () => Promise<T>): Promise<T> {
    if (!this.hasRoomFor(weight)) return Promise.reject(new QueueFullError(1));
    this.pendingWeight += weight;
    const result = this.tail.then(job).finally(() => { this.pendingWeight -= weight; });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Whether run() would accept a job of this weight now. */
  hasRoomFor(weight: number): boolean {
    return this.pendingWeight === 0 || this.pendingWeight + weight <= this.maxWeight;
  }

  get pending(): number {
    return this.pendingWeight;
  }

  /** Resolves once every job accepted so far has finished. */
  drain(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
