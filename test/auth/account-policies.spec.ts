import { bearerToken, msUntilExpiry, tokenRefusal } from '../../src/auth/account.policy';
import { contentSecurityPolicy, objectStoreOrigin, trustProxyValue } from '../../src/common/http/security-headers';
import { buildConfig } from '../../src/config/app-config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('tokenRefusal: may a signature-valid token still be used?', () => {
  it.each([
    ['same version, enabled', 3, { enabled: true, tokenVersion: 3 }, null],
    ['account disabled', 3, { enabled: false, tokenVersion: 3 }, 'TOKEN_REVOKED'],
    ['issued before a revocation', 2, { enabled: true, tokenVersion: 3 }, 'TOKEN_REVOKED'],
    ['claims a version the account never had', 4, { enabled: true, tokenVersion: 3 }, 'TOKEN_REVOKED'],
    ['account deleted', 0, null, 'TOKEN_REVOKED'],
  ] as const)('%s', (_case, version, account, expected) => {
    expect(tokenRefusal(version, account)).toBe(expected);
  });
});

describe('bearerToken: the Bearer scheme is required, its name in any case', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['BEARER  abc.def.ghi ', 'abc.def.ghi'],
    ['abc.def.ghi', null],
    ['Basic dXNlcjpwYXNz', null],
    ['Bearer', null],
    ['Bearer ', null],
    ['Bearer a b', null],
    ['Bearerabc.def.ghi', null],
    [undefined, null],
  ])('%p → %p', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});

describe('msUntilExpiry', () => {
  it.each([
    [10_000, 4_000, 6_000],
    [10_000, 10_000, 0],
    [10_000, 12_000, 0],
  ])('expires at %d, now %d → %d ms', (expiresAt, now, expected) => {
    expect(msUntilExpiry(new Date(expiresAt), now)).toBe(expected);
  });
});

describe('security headers', () => {
  const s3 = { endPoint: '127.0.0.1', port: 4569, useSSL: false, accessKey: 'x', secretKey: 'y', bucket: 'b', region: 'r' };

  const sip = { realm: 'salescall', publicHost: '127.0.0.1', publicPort: 5060, defaultCountry: 'DE', webSocketUrl: 'wss://pbx.example.com:8089/ws' } as const;

  it('allows no inline script or style, no framing, media only from here and the object store, connections only here and to the SIP WebSocket', () => {
    const csp = contentSecurityPolicy({ s3, sip });
    expect(JSON.stringify(csp)).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(csp.frameAncestors).toEqual(["'none'"]);
    expect(csp.mediaSrc).toEqual(["'self'", 'http://127.0.0.1:4569']);
    expect(csp.connectSrc).toEqual(["'self'", 'wss://pbx.example.com:8089']);
  });

  it.each([
    [{ ...s3, useSSL: true, port: 443, endPoint: 's3.example.com' }, 'https://s3.example.com'],
    [{ ...s3, useSSL: false, port: 80 }, 'http://127.0.0.1'],
    [{ ...s3, useSSL: true, port: 9000, endPoint: 'minio' }, 'https://minio:9000'],
  ])('object store origin %#', (config, expected) => {
    expect(objectStoreOrigin(config)).toBe(expected);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', 1],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8, 127.0.0.1'],
  ])('TRUST_PROXY %p → %p', (setting, expected) => {
    expect(trustProxyValue(setting)).toBe(expected);
  });
});

describe('login throttling defaults (config/defaults.json)', () => {
  const rules = JSON.parse(readFileSync(join(__dirname, '../../config/defaults.json'), 'utf8'));

  it('are 5 failures per login and 20 per address in 15 minutes, accounts re-read every 5 s', () => {
    expect(buildConfig({}, rules).rules.auth).toEqual({ loginFailuresPerLogin: 5, loginFailuresPerAddress: 20, loginWindowSeconds: 900, accountCacheSeconds: 5 });
  });

  it('can be overridden per environment and are validated', () => {
    expect(buildConfig({ RULE_AUTH_LOGIN_WINDOW_SECONDS: '3' }, rules).rules.auth.loginWindowSeconds).toBe(3);
    expect(() => buildConfig({ RULE_AUTH_LOGIN_FAILURES_PER_LOGIN: '0' }, rules)).toThrow(/auth\.loginFailuresPerLogin/);
  });
});
