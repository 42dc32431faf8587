// The store module: the Store interface and its SQLite implementation.
export type * from './store.ts';
export { isFilterFieldPath } from './field-path.ts';
export { openSqliteStore } from './sqlite/sqlite-store.ts';
export { StoreOpenError } from './store-open-error.ts';
