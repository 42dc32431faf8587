// A min-heap of (deadline, item), so that the groups whose window closes or whose matches expire are
// found without visiting every group. Items are not removed when their deadline changes: the caller
// pushes the new deadline and skips entries that no longer match the item's current one.
export interface Scheduled<T> {
  readonly at: number;
  readonly item: T;
}

export class DeadlineQueue<T> {
  private heap: Scheduled<T>[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(at: number, item: T): void {
    const heap = this.heap;
    heap.push({ at, item });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent].at <= heap[index].at) break;
      [heap[parent], heap[index]] = [heap[index], heap[parent]];
      index = parent;
    }
  }

  /** Removes and returns the earliest entry if it is due before `time`. */
  popBefore(time: number): Scheduled<T> | undefined {
    const heap = this.heap;
    if (heap.length === 0 || heap[0].at >= time) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && heap[left].at < heap[smallest].at) smallest = left;
        if (right < heap.length && heap[right].at < heap[smallest].at) smallest = right;
        if (smallest === index) break;
        [heap[smallest], heap[index]] = [heap[index], heap[smallest]];
        index = smallest;
      }
    }
    return top;
  }

  /** Replaces the contents (dropping stale entries keeps the heap as small as the live items). */
  reset(entries: Iterable<Scheduled<T>>): void {
    this.heap = [];
    for (const { at, item } of entries) this.push(at, item);
  }
}
