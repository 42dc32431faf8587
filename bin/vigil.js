#!/usr/bin/env -S node --max-semi-space-size=64
// --max-semi-space-size: a young generation large enough that a pipeline's batches in flight die
// young instead of being copied by each scavenge (bench:syslog +10-20%; docs/PERFORMANCE.md).
// Loads the TypeScript sources through tsx so that `npm start` and `npx vigil` need no build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
