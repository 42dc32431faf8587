// Checking and normalizing deny/allow list entries: each target type takes the value form the EDR
// takes, in one canonical spelling (lower-case hashes and domains, RFC 5952 IPv6, WHATWG URLs) so a
// value is never listed twice and a list filter finds it however it was typed.
import { isIP } from 'node:net';
import { POLICY_TARGET_TYPES, type PolicyTargetType } from '../model/index.ts';
import type { NewPolicy } from '../store/index.ts';
import { ResponseInputError } from './errors.ts';

export const MAX_POLICY_COMMENT_LENGTH = 1024;
export const MAX_POLICIES_PER_REQUEST = 1000;

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SHA256 = /^[0-9a-f]{64}$/;
const SIGNATURE_ID = /^[1-9]\d{0,9}$/;

/** A value the type cannot take for a reason more specific than "not of this form". */
interface Refusal { refused: string }
type Normalizer = (value: string) => string | Refusal | undefined;

const IPV4_MAPPED = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

function normalizeIp(value: string): string | Refusal | undefined {
  // node:net accepts a zone id, but it names an interface of one host, so it cannot identify traffic.
  if (value.includes('%')) return { refused: `a zone id (${value.slice(value.indexOf('%'))}) only has meaning on one host; send the address without it` };
  const version = isIP(value);
  if (version !== 6) return version === 4 ? value : undefined;
  // The URL parser writes IPv6 in RFC 5952 form: lower case, no leading zeros, longest zero run as "::".
  const canonical = new URL(`http://[${value}]`).hostname.slice(1, -1);
  const mapped = IPV4_MAPPED.exec(canonical);
  if (!mapped) return canonical;
  // An IPv4-mapped address is the IPv4 address, so it is kept in the IPv4 spelling.
  const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

const NORMALIZERS: Record<PolicyTargetType, { form: string; normalize: Normalizer }> = {
  ip: { form: 'an IPv4 or IPv6 address such as 203.0.113.7', normalize: normalizeIp },
  domain: {
    form: 'a domain name such as example.com',
    normalize: (value) => {
      const domain = value.toLowerCase().replace(/\.$/, '');
      if (!HOSTNAME.test(domain)) return undefined;
      // No top-level domain is all digits, so this is a (mistyped) IP address that would never match.
      if (/(?:^|\.)\d+$/.test(domain)) return { refused: 'its last label is a number, so it is not a domain name; an IP address goes in target_type ip' };
      return domain;
    },
  },
  url: {
    form: 'an absolute http, https or ftp URL such as https://example.com/path',
    normalize: (value) => {
      if (/\s/.test(value)) return undefined;
      try {
        const url = new URL(value);
        if (!['http:', 'https:', 'ftp:'].includes(url.protocol) || !url.hostname) return undefined;
        // href lower-cases the scheme and host and drops the default port; a bare origin keeps the
        // reference's spelling (https://facebook.com, not href's https://facebook.com/), with or without the slash sent.
        return url.pathname === '/' && url.search === '' && url.hash === '' ? url.origin : url.href;
      } catch {
        return undefined;
      }
    },
  },
  sha256: { form: 'a SHA-256 hash (64 hexadecimal characters)', normalize: (value) => (SHA256.test(value.toLowerCase()) ? value.toLowerCase() : undefined) },
  incident_trigger_sig_id: { form: 'a signature id (a positive whole number)', normalize: (value) => (SIGNATURE_ID.test(value) ? value : undefined) },
};

export function isPolicyTargetType(value: unknown): value is PolicyTargetType {
  return typeof value === 'string' && (POLICY_TARGET_TYPES as readonly string[]).includes(value);
}

/** A value in its canonical form, or a ResponseInputError naming `where` and the expected form. */
export function normalizeTargetValue(type: PolicyTargetType, value: unknown, where: string): string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const { form, normalize } = NORMALIZERS[type];
  const normalized = text === undefined || text === '' ? undefined : normalize(text);
  if (typeof normalized === 'string') return normalized;
  if (normalized !== undefined) throw new ResponseInputError(`${where}.target_value: ${JSON.stringify(text)} is refused as ${type}: ${normalized.refused}`);
  throw new ResponseInputError(`${where}.target_value: ${type} entries take ${form}, got ${JSON.stringify(value ?? null)}`);
}

/** One entry of a create request, checked; `where` is its JSON path for the error message. */
export function parsePolicy(entry: unknown, where: string): NewPolicy {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ResponseInputError(`${where}: each policy is an object with target_type, target_value and an optional comment`);
  const { target_type: type, target_value: value, comment } = entry as Record<string, unknown>;
  if (!isPolicyTargetType(type)) throw new ResponseInputError(`${where}.target_type: must be one of ${POLICY_TARGET_TYPES.join(', ')}, got ${JSON.stringify(type ?? null)}`);
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw new ResponseInputError(`${where}.comment: must be text`);
  if (typeof comment === 'string' && comment.length > MAX_POLICY_COMMENT_LENGTH) {
    throw new ResponseInputError(`${where}.comment: at most ${MAX_POLICY_COMMENT_LENGTH} characters, this one has ${comment.length}`);
  }
  const policy: NewPolicy = { target_type: type, target_value: normalizeTargetValue(type, value, where) };
  // The EDR leaves out an empty comment.
  if (typeof comment === 'string' && comment.trim() !== '') policy.comment = comment;
  return policy;
}
