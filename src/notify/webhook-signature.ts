// What a webhook receiver checks (docs/CONNECTORS.md has a receiver's code): X-Vigil-Signature is
// "sha256=" and the hex HMAC-SHA256, keyed with the webhook's secret, of "<X-Vigil-Timestamp>.<raw
// body>". The timestamp is inside the signed text, so a captured request cannot be passed off as new.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-vigil-signature';
export const TIMESTAMP_HEADER = 'x-vigil-timestamp';

/** `timestamp` in seconds since the epoch, as sent in X-Vigil-Timestamp. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
