// Response: deny and allow lists, and commands to endpoints.
export { ResponseInputError, ResponseNotFoundError } from './errors.ts';
export { addPolicies, removePolicy } from './policies.ts';
export { isPolicyTargetType, normalizeTargetValue, MAX_POLICY_COMMENT_LENGTH } from './policy-values.ts';
export { AWAITING_DELIVERY, newCommandId, submitCommand, type Submission } from './commands.ts';
