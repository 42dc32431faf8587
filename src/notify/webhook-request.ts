// One attempt at delivering a webhook: a signed POST that must answer 2xx within the timeout.
// Redirects are not followed (the receiver's URL is what an admin registered), and a receiver's
// error answer is kept, shortened, in the delivery log.
import { VIGIL_VERSION } from '../appliance/index.ts';
import type { WebhookAttempt } from '../store/index.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhook-signature.ts';

export interface WebhookRequest {
  deliveryId: number;
  url: string;
  secret: string;
  kind: string;
  body: string;
}

export interface WebhookResult {
  ok: boolean;
  /** Cut short by `stop` (the server is stopping): not an outcome to log. */
  interrupted: boolean;
  attempt: Pick<WebhookAttempt, 'at' | 'status_code' | 'error' | 'duration_ms'>;
}

const EXCERPT_BYTES = 512;
const EXCERPT_CHARACTERS = 200;

/** The start of an error answer's body, for the log. */
async function bodyExcerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => undefined);
  const text = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim().slice(0, EXCERPT_CHARACTERS);
  return text ? `: ${text}` : '';
}

/** fetch says "fetch failed"; the cause says why (ECONNREFUSED, a certificate error…). */
function reasonOf(error: unknown, url: string): string {
  const cause = (error as { cause?: unknown }).cause;
  const reason = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  // The Fetch standard blocks ports of other protocols (25, 6000…): say so rather than "bad port".
  return reason === 'bad port' ? `port ${new URL(url).port} is one that HTTP clients refuse to call: choose another` : reason;
}

export async function postWebhook(request: WebhookRequest, timeoutMs: number, stop?: AbortSignal): Promise<WebhookResult> {
  const at = new Date();
  const started = performance.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
  const timestamp = Math.floor(at.getTime() / 1000);
  const finish = (ok: boolean, outcome: { status_code?: number; error?: string }): WebhookResult => ({
    ok,
    interrupted: Boolean(stop?.aborted),
    attempt: { at: at.toISOString(), duration_ms: Math.round(performance.now() - started), ...outcome },
  });
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      body: request.body,
      redirect: 'manual',
      signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': `Vigil/${VIGIL_VERSION}`,
        'x-vigil-event': request.kind,
        'x-vigil-delivery': String(request.deliveryId),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: webhookSignature(request.secret, timestamp, request.body),
      },
    });
    const ok = response.status >= 200 && response.status < 300;
    const error = ok ? undefined : `HTTP ${response.status}${await bodyExcerpt(response)}`;
    if (ok) await response.body?.cancel();
    return finish(ok, { status_code: response.status, error });
  } catch (error) {
    return finish(false, { error: timeout.aborted ? `timed out after ${timeoutMs} ms` : reasonOf(error, request.url) });
  }
}
