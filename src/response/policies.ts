// Adding to and removing from the deny and allow lists, each change written to the audit log.
import { recordAudit, type Actor } from '../auth/index.ts';
import type { Policy, PolicyList } from '../model/index.ts';
import type { Store } from '../store/index.ts';
import { ResponseInputError, ResponseNotFoundError } from './errors.ts';
import { MAX_POLICIES_PER_REQUEST, parsePolicy } from './policy-values.ts';

const LIST_NAMES: Record<PolicyList, string> = { deny: 'Deny list', allow: 'Allow list' };

/**
 * Adds `policies` (the create request's array, checked whole before anything is written) and
 * returns every entry's id in order; an entry already on the list keeps its id and is not re-added.
 */
export async function addPolicies(store: Store, actor: Actor, list: PolicyList, policies: unknown): Promise<string[]> {
  if (!Array.isArray(policies) || policies.length === 0) throw new ResponseInputError('policies: send a non-empty array of {target_type, target_value, comment}');
  if (policies.length > MAX_POLICIES_PER_REQUEST) throw new ResponseInputError(`policies: at most ${MAX_POLICIES_PER_REQUEST} per request, got ${policies.length}`);
  const parsed = policies.map((entry, index) => parsePolicy(entry, `policies[${index}]`));
  const at = new Date().toISOString();
  const results = await store.addPolicies(list, parsed, actor.name, at);
  for (const { policy } of results.filter((result) => result.created)) {
    await recordAudit(store, actor, {
      kind: 'entity', id: 1, feature: 'Policy', message: `${LIST_NAMES[list]} entry ${policy.id} added: ${policy.target_type} ${policy.target_value}.`,
      entity: { type: 'Policy', uid: policy.id, name: `${list}_list`, data: { policy } },
    }, at);
  }
  return results.map((result) => result.policy.id);
}

export async function removePolicy(store: Store, actor: Actor, list: PolicyList, id: string): Promise<Policy> {
  const removed = await store.deletePolicy(list, id);
  if (!removed) throw new ResponseNotFoundError(`Specified id could not be found: the ${list} list has no entry ${id}`);
  await recordAudit(store, actor, {
    kind: 'entity', id: 3, feature: 'Policy', message: `${LIST_NAMES[list]} entry ${removed.id} removed: ${removed.target_type} ${removed.target_value}.`,
    entity: { type: 'Policy', uid: removed.id, name: `${list}_list`, data: { policy: removed } },
  });
  return removed;
}
