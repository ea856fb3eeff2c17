/**
 * URLs of the ARI endpoints. ARI's websocket takes credentials in the query string (api_key),
 * so the events URL is a secret: only its redacted form may reach logs or error messages.
 */

export interface AriEndpointConfig {
  /** http(s)://host:port, without /ari. */
  url: string;
  user: string;
  password: string;
  app: string;
}

export function restBaseUrl(config: Pick<AriEndpointConfig, 'url'>): string {
  return `${config.url.replace(/\/+$/, '')}/ari`;
}

export function eventsUrl(config: AriEndpointConfig): string {
  const url = new URL(`${restBaseUrl(config)}/events`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('app', config.app);
  url.searchParams.set('api_key', `${config.user}:${config.password}`);
  // Only events of channels/bridges our app owns or subscribed to, not the whole PBX.
  url.searchParams.set('subscribeAll', 'false');
  return url.toString();
}

/** Pure: the URL with any credential (userinfo, api_key, password-like params) masked. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not parseable: still mask anything that looks like a key=value secret.
    return raw.replace(/(api_key|password|secret|token)=[^&\s]*/gi, '$1=redacted');
  }
  if (url.username) url.username = 'redacted';
  if (url.password) url.password = 'redacted';
  for (const key of [...url.searchParams.keys()]) {
    if (/^(api_key|password|secret|token)$/i.test(key)) url.searchParams.set(key, 'redacted');
  }
  return url.toString();
}
