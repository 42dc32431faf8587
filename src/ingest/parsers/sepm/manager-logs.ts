// The manager's own logs: server activity (System), administrators' actions (Administrative),
// policy changes (Policy) and client-server activity (Agent activity). They carry no event time:
// the syslog header's is used. Reference: sepm-syslog-format.md §3.8–§3.11.
import { layout, type RecordReader } from './layout.ts';
import type { SepmLogType } from './log-type.ts';

/** type_ids of the reference: 1 Application Activity, 20 Session Audit, 21 Entity Audit, 1000 System Health. */
export const APPLICATION_ACTIVITY = 1;
const SESSION_AUDIT = 20;
const ENTITY_AUDIT = 21;
const SYSTEM_HEALTH = 1000;
/** status_id: 1 Success, 2 Failure. */
const SUCCESS = 1;
const FAILURE = 2;

const SITE_AND_SERVER = ['Site', 'Server|Server Name'];
const ADMIN = [...SITE_AND_SERVER, 'Domain|Domain Name', 'Admin', '~Event Description'];

function outcomeOf(message: string | undefined): number | undefined {
  if (message === undefined) return undefined;
  if (/\bfail/i.test(message)) return FAILURE;
  return /\bsucce/i.test(message) ? SUCCESS : undefined;
}

/** An administrator logging on or off is a session; any other action changes an entity. */
function administrativeEvent(read: RecordReader): Record<string, unknown> {
  const message = read.text('event_description');
  const session = message !== undefined && /\blog ?(on|off)\b|\blogged (on|off)\b/i.test(message);
  return {
    type_id: session ? SESSION_AUDIT : ENTITY_AUDIT,
    device_name: read.text('server'),
    user_name: read.text('admin'),
    message,
    status_id: outcomeOf(message),
  };
}

export const systemLog: SepmLogType = {
  name: 'system',
  layout: layout([...SITE_AND_SERVER, '~Event Description']),
  toEvent: (read) => ({ type_id: SYSTEM_HEALTH, device_name: read.text('server'), message: read.text('event_description') }),
};

export const administrativeLog: SepmLogType = { name: 'administrative', layout: layout(ADMIN), toEvent: administrativeEvent };

/** The policy's name (`#policy_name`) stays in `sepm`. */
export const policyLog: SepmLogType = {
  name: 'policy',
  layout: layout([...ADMIN, '#policy_name']),
  toEvent: (read) => ({ type_id: ENTITY_AUDIT, device_name: read.text('server'), user_name: read.text('admin'), message: read.text('event_description') }),
};

export const agentActivityLog: SepmLogType = {
  name: 'agent_activity',
  layout: layout([...SITE_AND_SERVER, 'Domain|Domain Name', '#description', '#computer', '#user', '#client_domain']),
  toEvent: (read) => ({
    type_id: APPLICATION_ACTIVITY, device_name: read.text('computer'), user_name: read.text('user'), message: read.text('description'),
  }),
};
