import { ariPath, encodeQuery } from '../../src/telephony/ari/ari-http.client';
import { eventsUrl, redactUrl, restBaseUrl } from '../../src/telephony/ari/ari-url';

const config = { url: 'http://127.0.0.1:8088/', user: 'salescall', password: 's3cr&t=x', app: 'salescall' };

describe('ARI URLs', () => {
  it('builds the websocket URL with app, credentials and subscribeAll=false', () => {
    const url = new URL(eventsUrl(config));
    expect(url.protocol).toBe('ws:');
    expect(url.host).toBe('127.0.0.1:8088');
    expect(url.pathname).toBe('/ari/events');
    expect(url.searchParams.get('app')).toBe('salescall');
    expect(url.searchParams.get('api_key')).toBe('salescall:s3cr&t=x');
    expect(url.searchParams.get('subscribeAll')).toBe('false');
  });

  it('uses wss for an https ARI', () => {
    expect(eventsUrl({ ...config, url: 'https://pbx.example:8089' })).toMatch(/^wss:\/\/pbx\.example:8089\/ari\/events\?/);
  });

  it('strips trailing slashes from the REST base', () => {
    expect(restBaseUrl(config)).toBe('http://127.0.0.1:8088/ari');
  });
});

describe('redactUrl', () => {
  const cases: Array<[string, string]> = [
    ['the events URL', eventsUrl(config)],
    ['userinfo', 'http://salescall:s3cr%26t%3Dx@127.0.0.1:8088/ari'],
    ['password param', 'http://127.0.0.1/x?password=s3cr%26t%3Dx&a=1'],
    ['unparseable with api_key', 'not a url api_key=salescall:s3cr&t=x'],
  ];

  it.each(cases)('%s: secret gone', (_name, raw) => {
    const redacted = redactUrl(raw);
    expect(redacted).not.toContain('s3cr');
    expect(decodeURIComponent(redacted)).not.toContain('s3cr');
    expect(redacted).toContain('redacted');
  });

  it('keeps what helps debugging', () => {
    expect(redactUrl(eventsUrl(config))).toBe('ws://127.0.0.1:8088/ari/events?app=salescall&api_key=redacted&subscribeAll=false');
  });

  it('leaves a URL without secrets untouched', () => {
    expect(redactUrl('http://127.0.0.1:8088/ari/channels?app=x')).toBe('http://127.0.0.1:8088/ari/channels?app=x');
  });
});

describe('ariPath and encodeQuery', () => {
  it('percent-encodes every interpolated path value', () => {
    expect(ariPath`/channels/${'a/../b?c=1'}/answer`).toBe('/channels/a%2F..%2Fb%3Fc%3D1/answer');
    expect(ariPath`/endpoints/${'PJSIP'}/${'rep 1'}`).toBe('/endpoints/PJSIP/rep%201');
  });

  it('encodes query values, joins arrays with commas, skips undefined', () => {
    expect(encodeQuery({ media: ['sound:a', 'sound:b'], beep: false, n: 3, skip: undefined, text: 'a&b=c d' })).toBe(
      '?media=sound%3Aa%2Csound%3Ab&beep=false&n=3&text=a%26b%3Dc+d',
    );
    expect(encodeQuery({})).toBe('');
    expect(encodeQuery(undefined)).toBe('');
  });
});
