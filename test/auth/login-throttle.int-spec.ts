import { request as httpRequest } from 'node:http';
import { DataSource } from 'typeorm';
import * as passwords from '../../src/auth/password-hasher';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

const PASSWORD = 'throttle-pass-1';
const WINDOW_SECONDS = 4;

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { code?: string; accessToken?: string };
}

/**
 * Login throttling on the real app and Redis, with limits made small through the typed config
 * (3 failures per login, 6 per address, a 4 s window) so the window can be watched sliding. Each
 * request leaves from a loopback address of its own choosing (127.0.0.0/8 is all loopback on
 * Linux), so "another address" is a real other TCP peer, not a header.
 */
describe('login throttling per login and per address (sliding window in Redis)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let port: number;
  let admin: Record<string, string>;
  let teamId: string;
  let nextAddress = 10 + Math.floor(Math.random() * 200);

  const freshAddress = (): string => `127.0.${nextAddress++ % 250}.${1 + Math.floor(Math.random() * 250)}`;

  function loginFrom(address: string, login: string, password: string, extraHeaders: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const payload = JSON.stringify({ login, password });
      const req = httpRequest(
        { host: '127.0.0.1', port, localAddress: address, method: 'POST', path: '/auth/login', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...extraHeaders } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async function newUser(): Promise<string> {
    const login = unique('thr');
    await testApp.http.post('/users').set(admin).send({ login, displayName: 'Throttled', password: PASSWORD, role: 'trainer', teamId }).expect(201);
    return login;
  }

  const throttledAudits = async (login: string): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login' AND details->>'login' = $1 AND details->>'reason' = 'throttled'`, [login]))[0].n;

  beforeAll(async () => {
    testApp = await startTestApp({
      RULE_AUTH_LOGIN_FAILURES_PER_LOGIN: '3',
      RULE_AUTH_LOGIN_FAILURES_PER_ADDRESS: '6',
      RULE_AUTH_LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
    db = testApp.app.get(DataSource);
    port = (testApp.app.getHttpServer().address() as { port: number }).port;
    admin = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    teamId = (await testApp.http.post('/teams').set(admin).send({ name: unique('Throttle ') }).expect(201)).body.id;
  }, 60_000);

  afterAll(() => testApp?.close());

  it('after 3 wrong passwords: 429 with Retry-After, the right password refused too, no scrypt spent; others unaffected; the window slides', async () => {
    const victim = await newUser();
    const bystander = await newUser();
    const attacker = freshAddress();
    for (let i = 0; i < 3; i += 1) expect((await loginFrom(attacker, victim, 'wrong-password')).status).toBe(401);

    const verify = jest.spyOn(passwords, 'verifyPassword');
    try {
      const throttled = await loginFrom(attacker, victim, 'wrong-password');
      expect(throttled.status).toBe(429);
      expect(throttled.body.code).toBe('LOGIN_THROTTLED');
      expect(Number(throttled.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(throttled.retryAfter)).toBeLessThanOrEqual(WINDOW_SECONDS);
      expect((await loginFrom(attacker, victim, PASSWORD)).status).toBe(429);
      // Per login: the same login is refused from any address while its window is full.
      expect((await loginFrom(freshAddress(), victim, PASSWORD)).status).toBe(429);
      // A flood of refusals: no password hashing, and one audit row per login and address, not one per request.
      for (let i = 0; i < 10; i += 1) expect((await loginFrom(attacker, victim, 'wrong-password')).status).toBe(429);
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
    expect(await throttledAudits(victim)).toBe(2);

    expect((await loginFrom(freshAddress(), bystander, PASSWORD)).status).toBe(200);

    // The window slides: once the oldest failures are older than the window, the right password works.
    const ok = await expectEventually(async () => {
      const answer = await loginFrom(attacker, victim, PASSWORD);
      expect(answer.status).toBe(200);
      return answer;
    }, (WINDOW_SECONDS + 3) * 1000, 250);
    expect(ok.body.accessToken).toEqual(expect.any(String));
  }, 30_000);

  it('after 6 failures from one address: that address is refused for any login, other addresses are not', async () => {
    const user = await newUser();
    const noisy = freshAddress();
    // Six different unknown logins: no login reaches its own limit, the address does. A forged
    // X-Forwarded-For changes nothing: without TRUST_PROXY the address is the TCP peer.
    for (let i = 0; i < 6; i += 1) expect((await loginFrom(noisy, unique('ghost'), 'wrong-password', { 'X-Forwarded-For': `198.51.100.${i}` })).status).toBe(401);
    const refused = await loginFrom(noisy, user, PASSWORD, { 'X-Forwarded-For': '198.51.100.99' });
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect((await loginFrom(freshAddress(), user, PASSWORD)).status).toBe(200);
  }, 30_000);

  it('a successful sign-in does not count: the limit is on failures', async () => {
    const user = await newUser();
    const address = freshAddress();
    for (let i = 0; i < 5; i += 1) expect((await loginFrom(address, user, PASSWORD)).status).toBe(200);
    expect((await loginFrom(address, user, 'wrong-password')).status).toBe(401);
  }, 30_000);

  it('behind a trusted proxy (TRUST_PROXY=loopback) the forwarded client address is the one counted', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: 'loopback', RULE_AUTH_LOGIN_FAILURES_PER_LOGIN: '3', RULE_AUTH_LOGIN_FAILURES_PER_ADDRESS: '6', RULE_AUTH_LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS) });
    try {
      const user = await newUser();
      const client = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
      const from = (forwarded: string, login: string, password: string) => proxied.http.post('/auth/login').set('X-Forwarded-For', forwarded).send({ login, password });
      for (let i = 0; i < 6; i += 1) await from(client, unique('ghost'), 'wrong-password').expect(401);
      expect((await from(client, user, PASSWORD).expect(429)).headers['retry-after']).toMatch(/^\d+$/);
      await from(`198.18.0.${1 + Math.floor(Math.random() * 250)}`, user, PASSWORD).expect(200);
    } finally {
      await proxied.close();
    }
  }, 30_000);

  it('an unknown login still costs a full password check (no timing hint), until throttled', async () => {
    const verify = jest.spyOn(passwords, 'verifyPassword');
    try {
      expect((await loginFrom(freshAddress(), unique('nobody'), 'whatever-1')).status).toBe(401);
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
  });
});
