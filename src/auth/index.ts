export { AccountError, SESSION_HOURS, authenticate, createIngestToken, createUser, login, logout, type Session } from './accounts.ts';
export { bootstrapIfEmpty, FIRST_ADMIN } from './bootstrap.ts';
export { hashSecret, newPassword, newSecret } from './tokens.ts';
export { recordAudit, type Actor, type AuditEntry } from './audit.ts';
export {
  createOAuthClient, deleteOAuthClient, issueOAuthToken, OAUTH_TOKEN_SECONDS, verifyOAuthClient, type AccessToken, type NewOAuthClient,
} from './oauth-clients.ts';
