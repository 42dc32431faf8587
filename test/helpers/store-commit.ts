// A store whose commit goes through `commit` first (to count, record or fail batches); every other
// method is the store's own.
import type { CommitBatch, Store } from '../../src/store/index.ts';

export function withCommit(store: Store, commit: (batch: CommitBatch, stored: (batch: CommitBatch) => Promise<void>) => Promise<void>): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'commit') return (batch: CommitBatch) => commit(batch, (kept) => target.commit(kept));
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
