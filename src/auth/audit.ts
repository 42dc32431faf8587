// The audit log: every login and every change, in the EDR's audit event shape (type_id 20 for
// sessions, 21 for entities) so that /atpapi/v2/auditevents clients can read it.
import type { AuditEvent } from '../model/index.ts';
import type { Store } from '../store/index.ts';

export interface Actor {
  name: string;
  uid: string;
  /** The caller's address; "local" for the CLI working on the database directly. */
  ip: string;
}

export interface AuditEntry {
  kind: 'session' | 'entity';
  /** session: 1 Logon, 2 Logoff; entity: 1 Create, 2 Update, 3 Delete. */
  id: number;
  feature: string;
  message: string;
  ok?: boolean;
  entity?: { type: string; uid: string; name: string; data?: unknown };
}

export function recordAudit(store: Store, actor: Actor, entry: AuditEntry, at = new Date().toISOString()): Promise<AuditEvent> {
  const ok = entry.ok ?? true;
  return store.appendAudit({
    type_id: entry.kind === 'session' ? 20 : 21,
    id: entry.id,
    feature_name: entry.feature,
    message: entry.message,
    user_name: actor.name,
    user_uid: actor.uid,
    user_agent_ip: actor.ip,
    status_id: ok ? 1 : 2,
    status_detail: ok ? 'Success' : 'authentication_error',
    device_time: at,
    entity_result: entry.entity,
  });
}
