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
}

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

/** REST half of the ARI adapter: fetch with basic auth, timeouts and coded errors. */
export class AriHttpClient {
  private readonly baseUrl: string;
  private readonly authorization: string;

  constructor(
    private readonly config: AriHttpConfig,
    private readonly logger: AppLogger,
  ) {
    this.baseUrl = restBaseUrl(config);
    this.authorization = `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}`;
  }

  /** JSON response (undefined for 204). */
  async request<T = unknown>(method: string, path: string, options: AriRequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options, 'application/json');
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Binary response, e.g. a stored recording's WAV file. */
  async requestBuffer(method: string, path: string, options: AriRequestOptions = {}): Promise<Buffer> {
    const response = await this.send(method, path, options, '*/*');
    return Buffer.from(await response.arrayBuffer());
  }

  private async send(method: string, path: string, options: AriRequestOptions, accept: string): Promise<Response> {
    const url = `${this.baseUrl}${path}${encodeQuery(options.query)}`;
    const headers: Record<string, string> = { authorization: this.authorization, accept };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const startedAt = performance.now();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.config.requestTimeoutMs),
      });
    } catch (error) {
      const reason = describeFetchFailure(error, this.config.requestTimeoutMs);
      this.logger.warn({ method, path, reason }, 'ARI request could not reach Asterisk');
      throw new AriUnavailableError(method, path, reason);
    }
    const elapsedMs = Math.round(performance.now() - startedAt);
    if (response.ok) {
      this.logger.debug({ method, path, status: response.status, elapsedMs }, 'ARI request');
      return response;
    }
    const excerpt = options.sensitive ? '' : await readExcerpt(response);
    this.logger.debug({ method, path, status: response.status, elapsedMs }, 'ARI request failed');
    throw new AriRequestError(response.status, method, path, excerpt);
  }
}

async function readExcerpt(response: Response): Promise<string> {
  try {
    const text = await response.text();
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

/** fetch rejects with TypeError('fetch failed') whose `cause` carries the socket error code. */
function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
