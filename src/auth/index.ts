export { AccountError, SESSION_HOURS, authenticate, createIngestToken, createUser, login, logout, type Session } from './accounts.ts';
export { bootstrapIfEmpty, type FirstStartCredentials } from './bootstrap.ts';
export { hashSecret } from './tokens.ts';
export { recordAudit, type Actor, type AuditEntry } from './audit.ts';
