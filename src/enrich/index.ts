export { enrich } from './enrich.ts';
export { severityIdFromSep } from './severity.ts';
export { lookupTactic, lookupTechnique } from './attack/lookup.ts';
export { BUILTIN_TACTICS, BUILTIN_TECHNIQUES, type Tactic, type Technique } from './attack/builtin.ts';
