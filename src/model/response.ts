// Response: deny and allow lists, and commands to endpoints (reference §2.5, §2.6).

export const POLICY_LISTS = ['deny', 'allow'] as const;
export type PolicyList = (typeof POLICY_LISTS)[number];

/** `incident_trigger_sig_id` is deprecated in EDR 4.x but still accepted by it, so it is here too. */
export const POLICY_TARGET_TYPES = ['ip', 'domain', 'url', 'sha256', 'incident_trigger_sig_id'] as const;
export type PolicyTargetType = (typeof POLICY_TARGET_TYPES)[number];

export interface Policy {
  /** A string in the EDR's API, although it counts up. */
  id: string;
  list: PolicyList;
  target_type: PolicyTargetType;
  target_value: string;
  comment?: string;
  created: string;
  created_by: string;
}

export const COMMAND_ACTIONS = ['isolate_endpoint', 'rejoin_endpoint', 'delete_endpoint_file', 'cancel_command'] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

/** The command as a whole (status response `state`). */
export type CommandState = 'completed' | 'initializing' | 'in_progress' | 'error' | 'cancel_requested' | 'cancelled';

/** One target's `status[].state`. */
export const TARGET_STATE = { completed: 0, in_progress: 1, error: 2, cancelled: 3, cancel_requested: 4 } as const;

/** Submission `error_code` of POST /commands. */
export const SUBMISSION_ERROR = { error: -1, ok: 0, unsupported: 1, terminal: 2, in_progress: 3 } as const;

export interface CommandTargetStatus {
  /** A device_uid, or for cancel_command the command_id it cancels. */
  target: string;
  /** delete_endpoint_file: the sha256 of the file to delete. */
  hash?: string;
  state: number;
  error_code: number;
  message: string;
}

export interface Command {
  /** 32 hex characters, then -YYYY-MM-DD (the day it was issued, UTC). */
  command_id: string;
  action: CommandAction;
  issuer_name: string;
  created: string;
  updated: string;
  targets: CommandTargetStatus[];
}

/** The whole command's state, from its targets' states. */
export function commandState(targets: readonly CommandTargetStatus[]): CommandState {
  const states = new Set(targets.map((target) => target.state));
  if (states.has(TARGET_STATE.in_progress)) return 'in_progress';
  if (states.has(TARGET_STATE.cancel_requested)) return 'cancel_requested';
  if (states.size === 1 && states.has(TARGET_STATE.cancelled)) return 'cancelled';
  if (states.size === 1 && states.has(TARGET_STATE.completed)) return 'completed';
  return states.has(TARGET_STATE.error) ? 'error' : 'completed';
}
