// Response commands (isolate, rejoin, delete a file, cancel): checked, recorded with the EDR's
// command_id format and per-target states, and audited. Vigil does not deliver commands to
// endpoints yet, so a command to a known endpoint stays in progress and its message says why;
// cancelling one that waits takes effect at once, as nothing was sent.
import { randomBytes } from 'node:crypto';
import { recordSystemActivity } from '../appliance/index.ts';
import { recordAudit, type Actor } from '../auth/index.ts';
import {
  COMMAND_ACTIONS, SUBMISSION_ERROR, TARGET_STATE, commandState, type Command, type CommandAction, type CommandTargetStatus,
} from '../model/index.ts';
import type { Store } from '../store/index.ts';
import { ResponseInputError } from './errors.ts';

export const MAX_COMMAND_TARGETS = 1000;
export const AWAITING_DELIVERY = 'Accepted; waiting for delivery: this Vigil has no endpoint connector yet, so the command has not been sent to the endpoint.';

const SHA256 = /^[0-9a-f]{64}$/i;
const COMMAND_ID = /^[0-9a-f]{32}-\d{4}-\d{2}-\d{2}$/;
const TERMINAL = new Set(['completed', 'error', 'cancelled']);

export interface Submission {
  message: string;
  command_id: string;
  error_code: number;
}

/** 32 hex characters and the UTC day: "dae84e936b2244b79dc0748d086fd7b0-2023-01-21". */
export function newCommandId(at: string): string {
  return `${randomBytes(16).toString('hex')}-${at.slice(0, 10)}`;
}

interface Requested { target: string; hash?: string }

/** The targets, checked and trimmed; a target named twice (for delete_endpoint_file, the same device and hash) is kept once. */
function parseTargets(action: CommandAction, targets: unknown): Requested[] {
  if (!Array.isArray(targets) || targets.length === 0) throw new ResponseInputError('targets: send a non-empty array');
  if (targets.length > MAX_COMMAND_TARGETS) throw new ResponseInputError(`targets: at most ${MAX_COMMAND_TARGETS}, got ${targets.length}`);
  const unique = new Map<string, Requested>();
  targets.forEach((target, index) => {
    const requested = parseTarget(action, target, `targets[${index}]`);
    const key = requested.hash === undefined ? requested.target : `${requested.target}\n${requested.hash}`;
    if (!unique.has(key)) unique.set(key, requested);
  });
  return [...unique.values()];
}

function parseTarget(action: CommandAction, target: unknown, where: string): Requested {
  if (action === 'delete_endpoint_file') {
    const { device_uid: device, hash } = (typeof target === 'object' && target !== null ? target : {}) as Record<string, unknown>;
    if (typeof device !== 'string' || device.trim() === '' || typeof hash !== 'string' || !SHA256.test(hash)) {
      throw new ResponseInputError(`${where}: delete_endpoint_file takes {"device_uid": "<endpoint>", "hash": "<sha256 of the file>"}`);
    }
    return { target: device.trim(), hash: hash.toLowerCase() };
  }
  const what = action === 'cancel_command' ? 'a command_id' : 'an endpoint device_uid';
  if (typeof target !== 'string' || target.trim() === '') throw new ResponseInputError(`${where}: ${action} takes ${what} as each target`);
  return { target: target.trim() };
}

function parseAction(action: unknown): CommandAction {
  if (typeof action !== 'string' || !(COMMAND_ACTIONS as readonly string[]).includes(action)) {
    throw new ResponseInputError(`action: must be one of ${COMMAND_ACTIONS.join(', ')}, got ${JSON.stringify(action ?? null)}`);
  }
  return action as CommandAction;
}

/** Submits a command from a request body {action, targets}; refusals of a cancel come back as error codes, as the EDR's do. */
export async function submitCommand(store: Store, actor: Actor, body: unknown): Promise<Submission> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ResponseInputError('send a JSON object such as {"action": "isolate_endpoint", "targets": ["<device_uid>"]}');
  const { action: actionValue, targets: targetsValue } = body as Record<string, unknown>;
  const action = parseAction(actionValue);
  const targets = parseTargets(action, targetsValue);
  return action === 'cancel_command' ? cancelCommands(store, actor, targets.map((target) => target.target)) : requestOnEndpoints(store, actor, action, targets);
}

async function requestOnEndpoints(store: Store, actor: Actor, action: CommandAction, requested: Requested[]): Promise<Submission> {
  const known = await store.knownDevices(requested.map((target) => target.target));
  const targets = requested.map(({ target, hash }): CommandTargetStatus => (known.has(target)
    ? { target, hash, state: TARGET_STATE.in_progress, error_code: 1, message: AWAITING_DELIVERY }
    : { target, hash, state: TARGET_STATE.error, error_code: -1, message: `Endpoint ${target} is not known to Vigil: no event has come from it.` }));
  const command = await record(store, actor, action, targets);
  // Clients (XSOAR, Phantom) read only the submission's error_code, so a command that can reach no
  // endpoint must fail here; it is still recorded, so its status shows each target's error.
  if (!targets.some((target) => known.has(target.target))) {
    const unknown = [...new Set(targets.map((target) => target.target))];
    return { message: `Command ${action} failed: no target is an endpoint known to Vigil (${unknown.join(', ')}).`, command_id: command.command_id, error_code: SUBMISSION_ERROR.error };
  }
  return { message: `Command ${action} successfully requested`, command_id: command.command_id, error_code: SUBMISSION_ERROR.ok };
}

/** Why a command cannot be cancelled, as a submission error; undefined when it can. */
function cancelRefusal(commandId: string, command: Command | undefined): Submission | undefined {
  if (!command) return { message: `Command ${commandId} could not be found.`, command_id: commandId, error_code: SUBMISSION_ERROR.error };
  if (command.action === 'cancel_command') return { message: 'Command cancel_command not supported for target command type.', command_id: commandId, error_code: SUBMISSION_ERROR.unsupported };
  const state = commandState(command.targets);
  if (TERMINAL.has(state)) return { message: `Command ${commandId} is already in a terminal state (${state}).`, command_id: commandId, error_code: SUBMISSION_ERROR.terminal };
  if (state === 'cancel_requested') return { message: `Cancelling command ${commandId} is already in progress.`, command_id: commandId, error_code: SUBMISSION_ERROR.in_progress };
  return undefined;
}

/** All or nothing: if any target cannot be cancelled, nothing is and the answer says why. */
async function cancelCommands(store: Store, actor: Actor, commandIds: string[]): Promise<Submission> {
  const found = await Promise.all(commandIds.map(async (id) => ({ id, command: COMMAND_ID.test(id) ? await store.getCommand(id) : undefined })));
  for (const { id, command } of found) {
    const refusal = cancelRefusal(id, command);
    if (refusal) return refusal;
  }
  const at = new Date().toISOString();
  for (const { command } of found) {
    const targets = command!.targets.map((target) => (target.state === TARGET_STATE.in_progress
      ? { ...target, state: TARGET_STATE.cancelled, error_code: 0, message: `Cancelled by ${actor.name} before it was sent to the endpoint.` }
      : target));
    await store.updateCommandTargets(command!.command_id, targets, at);
  }
  const cancel = await record(store, actor, 'cancel_command', commandIds.map((target) => ({
    target, state: TARGET_STATE.completed, error_code: 0, message: `Command ${target} cancelled.`,
  })), at);
  await recordSystemActivity(store, { feature: 'AdministratorTask', message: `Command cancel_command with command id ${cancel.command_id} completed.` }, at);
  return { message: 'Command cancel_command successfully requested', command_id: cancel.command_id, error_code: SUBMISSION_ERROR.ok };
}

async function record(store: Store, actor: Actor, action: CommandAction, targets: CommandTargetStatus[], at = new Date().toISOString()): Promise<Command> {
  const command: Command = { command_id: newCommandId(at), action, issuer_name: actor.name, created: at, updated: at, targets };
  await store.createCommand(command);
  await recordAudit(store, actor, {
    kind: 'entity', id: 1, feature: 'Command',
    message: `Command ${action} requested for ${targets.length} target(s): ${targets.map((target) => target.target).join(', ')}.`,
    entity: { type: 'Command', uid: command.command_id, name: action, data: { command_id: command.command_id, action, targets: targets.map(({ target, hash }) => ({ target, hash })) } },
  }, at);
  return command;
}
