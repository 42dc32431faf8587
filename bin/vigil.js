#!/usr/bin/env node
// Loads the TypeScript sources through tsx so that `npm start` and `npx vigil` need no build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
