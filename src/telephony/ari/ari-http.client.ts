import { Agent, Dispatcher, request } from 'undici';
import { AppLogger } from '../../common/logging/logger';
import { AriRequestError, AriUnavailableError } from './ari-errors';
import { restBaseUrl } from './ari-url';

export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type Query = Record<string, QueryValue>;

export interface AriRequestOptions {
  query?: Query;
  /** Sent as JSON. ARI takes `variables` and dynamic-config `fields` in the body. */
  body?: unknown;
  /**
   * The request or its response carries secrets (push-config echoes SIP passwords): no body
   * excerpt in errors, nothing but method/path/status in logs.
   */
  sensitive?: boolean;
}

export interface AriHttpConfig {
  url: string;
  user: string;
  password: string;
  requestTimeoutMs: number;
  /**
   * Connections kept to Asterisk's HTTP server. Requests beyond them wait in the client: an
   * unbounded pool under load opens more sessions than Asterisk's `sessionlimit` and has them
   * closed on it mid-call (UND_ERR_SOCKET). Too few and requests queue behind channel
   * operations Asterisk answers only when the channel's own thread gets to them (32 timed out
   * at 40 calls/s in bench/routing.bench.ts; 128 did not).
   */
  maxConnections?: number;
}

const DEFAULT_MAX_CONNECTIONS = 128;
/** Below Asterisk's session_keep_alive (15 s): we close an idle connection before it does. */
const KEEP_ALIVE_MS = 5_000;

type ResponseBody = Dispatcher.ResponseData['body'];

const BODY_EXCERPT_CHARS = 300;

/**
 * Builds an ARI path, percent-encoding every interpolated value, so a channel id, recording
 * name or endpoint typed by a user can never add path segments or query strings.
 * Usage: ariPath`/channels/${id}/answer`.
 */
export function ariPath(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((path, part, index) => path + part + (index < values.length ? encodeURIComponent(String(values[index])) : ''), '');
}

/** Pure: query object to `?a=1&b=x,y`. Arrays are comma-joined, as ARI parses allowMultiple params. */
export function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const encoded = params.toString();
  return encoded ? `?${encoded}` : '';
}

/** REST half of the ARI adapter: a bounded keep-alive pool with basic auth, timeouts and coded errors. */
export class AriHttpClient {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly dispatcher: Agent;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly config: AriHttpConfig,
    private readonly logger: AppLogger,
  ) {
    this.baseUrl = restBaseUrl(config);
    this.authorization = `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}`;
    this.dispatcher = new Agent({ connections: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS, keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS });
  }

  /** JSON response (undefined for 204). */
  async request<T = unknown>(method: string, path: string, options: AriRequestOptions = {}): Promise<T> {
    const body = await this.send(method, path, options, 'application/json');
    const text = await body.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Binary response, e.g. a stored recording's WAV file. */
  async requestBuffer(method: string, path: string, options: AriRequestOptions = {}): Promise<Buffer> {
    const body = await this.send(method, path, options, '*/*');
    return Buffer.from(await body.arrayBuffer());
  }

  /** Closes the pooled connections once in-flight requests are done; requests after this fail. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.dispatcher.close();
    return this.closing;
  }

  private async send(method: string, path: string, options: AriRequestOptions, accept: string): Promise<ResponseBody> {
    const url = `${this.baseUrl}${path}${encodeQuery(options.query)}`;
    const headers: Record<string, string> = { authorization: this.authorization, accept };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const startedAt = performance.now();
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(this.config.requestTimeoutMs),
      });
    } catch (error) {
      const reason = describeRequestFailure(error, this.config.requestTimeoutMs);
      this.logger.warn({ method, path, reason }, 'ARI request could not reach Asterisk');
      throw new AriUnavailableError(method, path, reason);
    }
    const elapsedMs = Math.round(performance.now() - startedAt);
    if (response.statusCode >= 200 && response.statusCode < 300) {
      this.logger.debug({ method, path, status: response.statusCode, elapsedMs }, 'ARI request');
      return response.body;
    }
    let excerpt = '';
    if (options.sensitive) await response.body.dump();
    else excerpt = await readExcerpt(response.body);
    this.logger.debug({ method, path, status: response.statusCode, elapsedMs }, 'ARI request failed');
    throw new AriRequestError(response.statusCode, method, path, excerpt);
  }
}

async function readExcerpt(body: ResponseBody): Promise<string> {
  try {
    const text = await body.text();
    // ARI errors are {"message": "..."}; keep just the message when that is what we got.
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message.slice(0, BODY_EXCERPT_CHARS);
    } catch {
      // not JSON: fall through to the raw text
    }
    return text.slice(0, BODY_EXCERPT_CHARS);
  } catch {
    return '';
  }
}

/** undici rejects with a coded error (UND_ERR_SOCKET, ECONNREFUSED, ...) or the abort of our timeout. */
function describeRequestFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}
