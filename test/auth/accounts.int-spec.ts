import { JwtService } from '@nestjs/jwt';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/config.module';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

const PASSWORD = 'rep-password-1';

/**
 * Disabled accounts on two real instances sharing PostgreSQL and Redis, as in production: instance
 * A takes the change, instance B has the account cached (accountCacheSeconds, default 5 s) and
 * holds a live socket of its own.
 */
describe('disabled accounts: sign-in, tokens and live sockets (two instances)', () => {
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  let admin: Record<string, string>;
  let teamId: string;
  const sockets: Socket[] = [];

  const urlOf = (app: TestApp): string => `http://127.0.0.1:${(app.app.getHttpServer().address() as { port: number }).port}`;
  const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
  const login = (app: TestApp, name: string, password = PASSWORD) => app.http.post('/auth/login').send({ login: name, password });

  /** A live socket that records why and whether it was ended. */
  function liveSocket(app: TestApp, token: string): { socket: Socket; ended: string[]; connected: Promise<string> } {
    const socket = io(`${urlOf(app)}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const ended: string[] = [];
    socket.on('session.ended', (payload: { code: string }) => ended.push(payload.code));
    const connected = new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
    });
    return { socket, ended, connected };
  }

  async function newRep(): Promise<{ id: string; login: string; token: string }> {
    const name = unique('acct');
    const created = await a.http.post('/reps').set(admin).send({ login: name, displayName: 'Account Rep', password: PASSWORD, teamId, tier: 'mid' }).expect(201);
    return { id: created.body.id, login: name, token: (await login(a, name).expect(200)).body.accessToken };
  }

  beforeAll(async () => {
    a = await startTestApp();
    // Its own Stasis app, so the two instances do not take the ARI application from each other.
    b = await startTestApp({ ARI_APP: `${process.env.ARI_APP ?? 'salescall-test-int'}-b` });
    db = a.app.get(DataSource);
    admin = bearer(await loginAs(a, ADMIN.login, ADMIN.password));
    teamId = (await a.http.post('/teams').set(admin).send({ name: unique('Accounts ') }).expect(201)).body.id;
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await b?.close();
    await a?.close();
  });

  it('a disabled rep cannot sign in; their tokens and sockets stop working on every instance; re-enabled, they sign in again', async () => {
    const rep = await newRep();
    await b.http.get(`/reps/${rep.id}`).set(bearer(rep.token)).expect(200); // B now holds the account in its cache
    const onA = liveSocket(a, rep.token);
    const onB = liveSocket(b, rep.token);
    expect(await onA.connected).toBe('connected');
    expect(await onB.connected).toBe('connected');

    const disabledAt = Date.now();
    await a.http.patch(`/reps/${rep.id}`).set(admin).send({ enabled: false }).expect(200);

    const refused = await login(a, rep.login).expect(403);
    expect(refused.body.code).toBe('ACCOUNT_DISABLED');
    expect((await login(b, rep.login).expect(403)).body.code).toBe('ACCOUNT_DISABLED');
    expect((await a.http.get(`/reps/${rep.id}`).set(bearer(rep.token)).expect(401)).body.code).toBe('TOKEN_REVOKED');
    await expectEventually(async () => expect((await b.http.get('/auth/me').set(bearer(rep.token))).status).toBe(401), 10_000, 100);
    expect(Date.now() - disabledAt).toBeLessThan(7_000);
    await expectEventually(() => {
      expect(onA.socket.connected).toBe(false);
      expect(onB.socket.connected).toBe(false);
    });
    expect(onA.ended).toEqual(['TOKEN_REVOKED']);
    expect(onB.ended).toEqual(['TOKEN_REVOKED']);
    expect(await liveSocket(b, rep.token).connected).toBe('TOKEN_REVOKED');
    const [audit] = await db.query(`SELECT details FROM audit_log WHERE action = 'auth.login' AND entity_id IN (SELECT user_id::text FROM reps WHERE id = $1) ORDER BY id DESC LIMIT 1`, [rep.id]);
    expect(audit.details).toMatchObject({ login: rep.login, reason: 'disabled' });

    await a.http.patch(`/reps/${rep.id}`).set(admin).send({ enabled: true }).expect(200);
    const fresh = (await login(a, rep.login).expect(200)).body.accessToken as string;
    // B's cache still says "disabled", but the newer token proves it stale: no wait for a fresh sign-in.
    await b.http.get(`/reps/${rep.id}`).set(bearer(fresh)).expect(200);
    expect(await liveSocket(b, fresh).connected).toBe('connected');
    // Tokens from before the disable stay dead after re-enabling.
    expect((await b.http.get(`/reps/${rep.id}`).set(bearer(rep.token)).expect(401)).body.code).toBe('TOKEN_REVOKED');
  }, 30_000);

  it('a user switched off in the database (no API involved) loses their token within the cache time', async () => {
    const rep = await newRep();
    await b.http.get('/auth/me').set(bearer(rep.token)).expect(200);
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, changed] = await db.query(`UPDATE users SET active = false WHERE login = $1`, [rep.login]);
    expect(changed).toBe(1);
    const since = Date.now();
    await expectEventually(async () => expect((await b.http.get('/auth/me').set(bearer(rep.token))).status).toBe(401), 10_000, 100);
    expect(Date.now() - since).toBeLessThan(7_000);
    expect((await login(b, rep.login).expect(403)).body.code).toBe('ACCOUNT_DISABLED');
  }, 30_000);

  it('an admin switches a user off (PATCH /users/:id): sign-in refused, token and socket gone; not oneself, not as a supervisor', async () => {
    const name = unique('acctsup');
    const created = await a.http.post('/users').set(admin).send({ login: name, displayName: 'Switched Off', password: 'supervisor-pass-1', role: 'supervisor', teamId }).expect(201);
    expect(JSON.stringify(created.body)).not.toMatch(/tokenVersion|passwordHash/);
    const token = (await login(a, name, 'supervisor-pass-1').expect(200)).body.accessToken as string;
    const live = liveSocket(b, token);
    expect(await live.connected).toBe('connected');
    await a.http.patch(`/users/${created.body.id}`).set(bearer(token)).send({ active: false }).expect(403);
    const me = (await a.http.get('/auth/me').set(admin).expect(200)).body.userId as string;
    expect((await a.http.patch(`/users/${me}`).set(admin).send({ active: false }).expect(409)).body.code).toBe('INVALID_STATE');
    expect((await a.http.patch(`/users/${created.body.id}`).set(admin).send({ active: 'no' }).expect(400)).body.code).toBe('VALIDATION_FAILED');

    await a.http.patch(`/users/${created.body.id}`).set(admin).send({ active: false }).expect(200);
    expect((await login(b, name, 'supervisor-pass-1').expect(403)).body.code).toBe('ACCOUNT_DISABLED');
    await expectEventually(async () => expect((await b.http.get('/reps').set(bearer(token))).status).toBe(401), 10_000, 100);
    await expectEventually(() => expect(live.socket.connected).toBe(false));
    expect(live.ended).toEqual(['TOKEN_REVOKED']);
    const [audit] = await db.query(`SELECT details FROM audit_log WHERE action = 'user.update' AND entity_id = $1`, [created.body.id]);
    expect(audit.details).toEqual({ active: false });

    await a.http.patch(`/users/${created.body.id}`).set(admin).send({ active: true }).expect(200);
    await login(b, name, 'supervisor-pass-1').expect(200);
  }, 30_000);

  describe('a socket lives no longer than its token', () => {
    /** A token like the service's own, for the same account, but expiring in `seconds`. */
    async function shortToken(rep: { login: string; token: string }, seconds: number): Promise<string> {
      const jwt = a.app.get(JwtService);
      const claims = jwt.decode(rep.token) as Record<string, unknown>;
      delete claims.exp;
      delete claims.iat;
      return jwt.sign(claims, { secret: a.app.get<AppConfig>(APP_CONFIG).auth.jwtSecret, algorithm: 'HS256', expiresIn: seconds });
    }

    it('is disconnected when its token expires', async () => {
      const rep = await newRep();
      const live = liveSocket(a, await shortToken(rep, 2));
      expect(await live.connected).toBe('connected');
      await expectEventually(() => expect(live.socket.connected).toBe(false), 6_000);
      expect(live.ended).toEqual(['TOKEN_EXPIRED']);
    }, 20_000);

    it('stays past the first expiry when refreshed with a newer token of the same user; another user\'s token is refused', async () => {
      const rep = await newRep();
      const other = await newRep();
      const token = await shortToken(rep, 2);
      const expiresAt = (a.app.get(JwtService).decode(token) as { exp: number }).exp * 1000;
      const live = liveSocket(a, token);
      expect(await live.connected).toBe('connected');
      expect(await live.socket.emitWithAck('auth.refresh', { token: other.token })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await live.socket.emitWithAck('auth.refresh', { token: 'Bearer nope' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await live.socket.emitWithAck('auth.refresh', { token: rep.token })).toMatchObject({ ok: true });
      // The condition is time itself: the old expiry plus a margin has passed.
      await expectEventually(() => Date.now() > expiresAt + 1_500, 10_000, 100);
      expect(live.socket.connected).toBe(true);
      expect(live.ended).toEqual([]);
    }, 20_000);
  });
});
