// A small client of the /api/v1 HTTP API over global fetch. Every failure a user can cause or fix
// (server down, wrong credentials, a refused request) becomes one CliError line.
import { CliError } from './cli-error.ts';
import type { Credentials } from './credentials.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when the body was empty or not JSON. */
  body: unknown;
}

/** `bytes`, when set, is sent instead of `text` (lines that may not be UTF-8). */
export interface RequestBody { text: string; contentType: string; bytes?: Uint8Array<ArrayBuffer> }

/** The {status, error, message} error body every Vigil error has. */
function messageOf(response: ApiResponse): string {
  const message = (response.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : `HTTP ${response.status}`;
}

export class ApiClient {
  private bearer: string | undefined;

  constructor(readonly server: string, private readonly credentials: Credentials) {
    if (credentials.kind === 'token') this.bearer = credentials.token;
  }

  /** Sends one request and returns whatever the server answered; fails only when it cannot be reached. */
  async send(method: string, path: string, body?: RequestBody): Promise<ApiResponse> {
    return this.exchange(method, path, await this.token(), body);
  }

  /** A JSON request that must succeed; any error answer becomes a CliError. */
  async json<T>(method: string, path: string, payload?: unknown): Promise<T> {
    const response = await this.send(method, path, payload === undefined ? undefined : { text: JSON.stringify(payload), contentType: 'application/json' });
    if (response.status >= 400) throw this.refusal(response);
    // Every request made this way answers with a JSON body; an empty one is not Vigil either.
    if (response.body === undefined) throw notVigil(this.server, response);
    return response.body as T;
  }

  /** The CliError for an error answer, saying which credentials were refused when that is the cause. */
  refusal(response: ApiResponse): CliError {
    if (response.status === 401) return new CliError(`the server refused the credentials from ${this.credentials.source}: ${messageOf(response)}`);
    if (response.status === 403) return new CliError(`not allowed with the credentials from ${this.credentials.source}: ${messageOf(response)}`);
    return new CliError(`${messageOf(response)} (HTTP ${response.status})`);
  }

  private async token(): Promise<string | undefined> {
    if (this.bearer || this.credentials.kind !== 'login') return this.bearer;
    const { username, password, source } = this.credentials;
    const response = await this.exchange('POST', '/api/v1/auth/login', undefined, { text: JSON.stringify({ username, password }), contentType: 'application/json' });
    if (response.status === 401) throw new CliError(`login as "${username}" (from ${source}) failed: ${messageOf(response)}`);
    if (response.status >= 400) throw this.refusal(response);
    const token = (response.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string') throw notVigil(this.server, response);
    this.bearer = token;
    return this.bearer;
  }

  private async exchange(method: string, path: string, token: string | undefined, body: RequestBody | undefined): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body) headers['content-type'] = body.contentType;
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(`${this.server}${path}`, { method, headers, body: body?.bytes ?? body?.text });
    } catch (error) {
      // Only a failure with a network cause means the server is unreachable; the rest is a request fetch could not send.
      if ((error as { cause?: unknown }).cause !== undefined) throw unreachable(this.server, error);
      throw new CliError(`cannot send ${method} ${path} to ${this.server}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Every Vigil answer with a body is JSON: this is another server (a wrong port or URL).
      throw notVigil(this.server, response);
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }
}

function notVigil(server: string, response: Response | ApiResponse): CliError {
  const type = response.headers.get('content-type')?.split(';')[0] || 'no content type';
  return new CliError(`${server} is not a Vigil server: it answered ${type} (HTTP ${response.status}); check --server / VIGIL_SERVER`);
}

function unreachable(server: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliError(`cannot reach the Vigil server at ${server} (${detail}); start it with \`npm start\` (or \`vigil serve\`), or point --server / VIGIL_SERVER at it`);
}
