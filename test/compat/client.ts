// What the compatibility suite shares: a real `vigil serve --tls-self-signed` process with an admin
// and a user OAuth client, and requests sent the way Symantec EDR integrations send them — HTTPS
// with certificate checks off, a form-encoded token request with HTTP Basic, then JSON with
// `Authorization: Bearer`, `Content-Type` and `Accept: application/json`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, startServerProcess, VIGIL } from '../helpers/server-process.ts';

const run = promisify(execFile);
// Most integrations ship with "verify certificate" off, and Vigil's certificate is self-signed.
const insecureAgent = new Agent({ rejectUnauthorized: false, keepAlive: true });

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined when the body is empty (204). */
  body: any;
}

export interface OAuthClient { client_id: string; client_secret: string; role: 'admin' | 'user' }

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

function send(url: string, method: Method, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, agent: insecureAgent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) });
        } catch (error) {
          reject(new Error(`${method} ${url} answered ${response.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`, { cause: error }));
        }
      });
    });
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

export function basicAuth(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

/** A JSON request with a bearer token and the headers every client sends. */
function sendJson(url: string, method: Method, token: string, json?: unknown): Promise<Answer> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
  return send(url, method, headers, json === undefined ? undefined : JSON.stringify(json));
}

/** Calls /atpapi/v2 as one client with one bearer token. */
export class AtpClient {
  constructor(readonly baseUrl: string, readonly token: string) {}

  call(method: Method, path: string, json?: unknown): Promise<Answer> {
    return sendJson(`${this.baseUrl}/atpapi/v2/${path}`, method, this.token, json);
  }

  post(path: string, json: unknown): Promise<Answer> { return this.call('POST', path, json); }
  get(path: string): Promise<Answer> { return this.call('GET', path); }
  patch(path: string, json: unknown): Promise<Answer> { return this.call('PATCH', path, json); }
  delete(path: string): Promise<Answer> { return this.call('DELETE', path); }
}

export interface CompatServer {
  /** The HTTPS base URL, e.g. https://127.0.0.1:40123. */
  baseUrl: string;
  clients: { admin: OAuthClient; user: OAuthClient };
  /** Clients holding a fresh token each of the admin and the user OAuth client. */
  admin: AtpClient;
  user: AtpClient;
  /** Sends events to the native ingest endpoint with the first-start ingest token. */
  ingest(events: unknown): Promise<Answer>;
  /** `POST /atpapi/oauth2/tokens` as clients send it; `form` is the body. */
  requestToken(authorization: string | undefined, form?: string): Promise<Answer>;
  stop(): Promise<void>;
}

/**
 * Starts `vigil serve --tls-self-signed` on a temporary data directory, creates an admin OAuth client
 * with `vigil clients create` and, with its token, a user client through the API (both ways an
 * operator has), and fetches a token for each.
 */
export async function startCompatServer(): Promise<CompatServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-compat-'));
  const env = cleanEnv();
  const server = await startServerProcess(dataDir, env, ['--tls-self-signed', '--tls-port', '0']);
  try {
    assert.ok(server.https, 'the server announces its HTTPS address');
    // Clients reach the server by address, as the certificate also names 127.0.0.1.
    const baseUrl = `https://127.0.0.1:${new URL(server.https.url).port}`;
    const { ingest_token: ingestToken } = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as { ingest_token: string };
    const requestToken = (authorization: string | undefined, form = 'grant_type=client_credentials&scope=customer') => send(
      `${baseUrl}/atpapi/oauth2/tokens`, 'POST',
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(authorization ? { authorization } : {}) },
      form,
    );
    const tokenOf = async (client: OAuthClient) => {
      const answer = await requestToken(basicAuth(client.client_id, client.client_secret));
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.access_token as string;
    };

    const cli = await run(process.execPath, [VIGIL, 'clients', 'create', '--role', 'admin', '--json', '--data-dir', dataDir], { env, timeout: 60_000 });
    const adminClient = JSON.parse(cli.stdout) as OAuthClient;
    const adminToken = await tokenOf(adminClient);
    const created = await sendJson(`${baseUrl}/api/v1/oauth-clients`, 'POST', adminToken, { role: 'user', name: 'compat user' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const userClient: OAuthClient = { client_id: created.body.client_id, client_secret: created.body.client_secret, role: 'user' };
    return {
      baseUrl,
      clients: { admin: adminClient, user: userClient },
      admin: new AtpClient(baseUrl, adminToken),
      user: new AtpClient(baseUrl, await tokenOf(userClient)),
      ingest: (events) => sendJson(`${baseUrl}/api/v1/events`, 'POST', ingestToken, events),
      requestToken,
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** An ISO time with milliseconds and Z, `minutes` before now: inside every default window. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

export const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Asserts each named field has the JSON type given ('array' for arrays). */
export function assertFieldTypes(record: Record<string, unknown>, types: Record<string, string>, what: string): void {
  for (const [field, type] of Object.entries(types)) {
    const actual = Array.isArray(record[field]) ? 'array' : record[field] === null ? 'null' : typeof record[field];
    assert.equal(actual, type, `${what}.${field} is ${type}: ${JSON.stringify(record[field])}`);
  }
}

/** A 200 page in the query envelope: exactly result, next (string or null) and total. */
export function assertPage(answer: Answer, what: string): void {
  assert.equal(answer.status, 200, `${what}: ${JSON.stringify(answer.body)}`);
  assert.deepEqual(Object.keys(answer.body).sort(), ['next', 'result', 'total'], what);
  assert.ok(Array.isArray(answer.body.result), `${what}: result is an array`);
  assert.ok(answer.body.next === null || typeof answer.body.next === 'string', `${what}: next is a string or null`);
  assert.ok(Number.isInteger(answer.body.total), `${what}: total is an integer`);
}

/** An error in the shape clients read: {status, error, message} with the HTTP status repeated. */
export function assertError(answer: Answer, status: number, message?: RegExp): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body.status, status);
  assert.equal(typeof answer.body.error, 'string');
  assert.equal(typeof answer.body.message, 'string');
  if (message) assert.match(answer.body.message, message);
}

/** The `next` cursor decoded: the reference's `<offset>,<ISO time>` layout. */
export function decodeCursor(next: string): { offset: number; time: string } {
  const text = Buffer.from(next, 'base64').toString('utf8');
  const match = /^(\d+),(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$/.exec(text);
  assert.ok(match, `the cursor decodes to <offset>,<ISO time>: ${JSON.stringify(text)}`);
  return { offset: Number(match[1]), time: match[2] };
}

export function encodeCursor(offset: number, time: string): string {
  return Buffer.from(`${offset},${time}`).toString('base64');
}
