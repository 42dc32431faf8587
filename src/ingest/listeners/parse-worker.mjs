// A parse worker's entry (parse-pool.ts). Plain JavaScript that loads the TypeScript sources
// through tsx, as bin/vigil.js does, so the worker runs the same parsers whether or not its
// process was started with a TypeScript loader.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker-main.ts');
