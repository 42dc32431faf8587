// Worker entry of the benchmark's sender. Node 20 does not pass the main thread's `--import tsx`
// hooks to workers (privatenumber/tsx#354), so the worker registers tsx itself before loading
// the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./http-sender.ts');
