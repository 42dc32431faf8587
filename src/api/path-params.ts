// How long a path parameter may be, and the answer to one that is longer, the same whether the
// router refuses it or the console's catch-all route (console.ts) takes the path instead.
import type { FastifyReply } from 'fastify';
import { MAX_DEVICE_UID_LENGTH } from '../ingest/index.ts';
import { errorBody } from './errors.ts';

/**
 * The longest path parameter routed, in characters after percent-decoding: the longest id Vigil
 * accepts is a device_uid (an event_uuid is at most 128, a domain 253). Fastify's default of 100
 * made such ids unreadable.
 */
export const MAX_PATH_PARAM_LENGTH = Math.max(MAX_DEVICE_UID_LENGTH, 256);

/** Whether a segment of `path` is, decoded, longer than any parameter routed. */
export function hasOverlongSegment(path: string): boolean {
  return path.split('/').some((segment) => {
    if (segment.length <= MAX_PATH_PARAM_LENGTH) return false;
    try {
      return decodeURIComponent(segment).length > MAX_PATH_PARAM_LENGTH;
    } catch {
      return false; // not percent-encoding: the router refuses that itself
    }
  });
}

export function answerOverlongParam(reply: FastifyReply, path: string): FastifyReply {
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return reply.code(414).send(errorBody(414, `a parameter in the path ${shown} is longer than ${MAX_PATH_PARAM_LENGTH} characters, the longest id Vigil takes`));
}
