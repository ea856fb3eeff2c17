import { DataSource } from 'typeorm';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

describe('authentication and authorisation (real PostgreSQL)', () => {
  let testApp: TestApp;
  let adminToken: string;
  let teamA: string;
  let teamB: string;
  let supervisorA: string;
  let repA: { id: string; token: string };
  let repB: { id: string };

  beforeAll(async () => {
    testApp = await startTestApp();
    adminToken = await loginAs(testApp, ADMIN.login, ADMIN.password);
    const auth = { Authorization: `Bearer ${adminToken}` };
    teamA = (await testApp.http.post('/teams').set(auth).send({ name: unique('Team A ') }).expect(201)).body.id;
    teamB = (await testApp.http.post('/teams').set(auth).send({ name: unique('Team B ') }).expect(201)).body.id;
    const supLogin = unique('sup');
    await testApp.http.post('/users').set(auth).send({ login: supLogin, displayName: 'Sup A', password: 'supervisor-pass-1', role: 'supervisor', teamId: teamA }).expect(201);
    supervisorA = await loginAs(testApp, supLogin, 'supervisor-pass-1');
    const repLogin = unique('rep');
    const createdA = await testApp.http.post('/reps').set(auth).send({ login: repLogin, displayName: 'Rep A', password: 'rep-password-1', teamId: teamA, tier: 'strong' }).expect(201);
    repA = { id: createdA.body.id, token: await loginAs(testApp, repLogin, 'rep-password-1') };
    const createdB = await testApp.http.post('/reps').set(auth).send({ login: unique('repb'), displayName: 'Rep B', password: 'rep-password-2', teamId: teamB, tier: 'mid' }).expect(201);
    repB = { id: createdB.body.id };
  });

  afterAll(() => testApp.close());

  it('rejects a request without a token', async () => {
    const response = await testApp.http.get('/reps').expect(401);
    expect(response.body).toEqual({ code: 'UNAUTHENTICATED', message: 'Missing bearer token' });
  });

  it('rejects a forged or malformed token', async () => {
    const forged = adminToken.slice(0, -4) + (adminToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await testApp.http.get('/reps').set('Authorization', `Bearer ${forged}`).expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await testApp.http.get('/reps').set('Authorization', 'Bearer not.a.jwt').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a wrong password with a generic message and audits it', async () => {
    const response = await testApp.http.post('/auth/login').send({ login: ADMIN.login, password: 'wrong' }).expect(401);
    expect(response.body).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong login or password' });
    const [row] = await testApp.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login' AND outcome = 'denied' AND details->>'login' = $1`, [ADMIN.login]);
    expect(row.n).toBeGreaterThanOrEqual(1);
  });

  it('rejects the wrong role', async () => {
    const response = await testApp.http.post('/teams').set('Authorization', `Bearer ${repA.token}`).send({ name: 'Nope' }).expect(403);
    expect(response.body.code).toBe('FORBIDDEN');
    await testApp.http.post('/reps').set('Authorization', `Bearer ${repA.token}`).send({ login: 'x-rep', displayName: 'X', password: 'rep-password-9', teamId: teamA, tier: 'mid' }).expect(403);
  });

  it('rejects another team: a supervisor sees only their own team', async () => {
    const auth = { Authorization: `Bearer ${supervisorA}` };
    // Another team's rep reads like one that does not exist; a filter or body naming another team is refused.
    await testApp.http.get(`/reps/${repB.id}`).set(auth).expect(404);
    await testApp.http.get(`/reps?teamId=${teamB}`).set(auth).expect(403);
    await testApp.http.post('/reps').set(auth).send({ login: unique('intruder'), displayName: 'X', password: 'rep-password-9', teamId: teamB, tier: 'mid' }).expect(403);
    const own = await testApp.http.get('/reps').set(auth).expect(200);
    expect(own.body.map((rep: { teamId: string }) => rep.teamId)).toEqual(expect.arrayContaining([teamA]));
    expect(own.body.every((rep: { teamId: string }) => rep.teamId === teamA)).toBe(true);
    await testApp.http.get(`/reps/${repA.id}`).set(auth).expect(200);
  });

  it('lets a rep see only themselves', async () => {
    const auth = { Authorization: `Bearer ${repA.token}` };
    const list = await testApp.http.get('/reps').set(auth).expect(200);
    expect(list.body.map((rep: { id: string }) => rep.id)).toEqual([repA.id]);
    await testApp.http.get(`/reps/${repB.id}`).set(auth).expect(404);
  });

  it('never returns password hashes', async () => {
    const response = await testApp.http.get(`/reps/${repA.id}`).set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect(JSON.stringify(response.body)).not.toMatch(/scrypt|passwordHash/);
  });

  describe('bad input gets 400 with a clear message, never 500', () => {
    const auth = (): Record<string, string> => ({ Authorization: `Bearer ${adminToken}` });

    it('invalid JSON', async () => {
      const response = await testApp.http.post('/teams').set(auth()).set('Content-Type', 'application/json').send('{"name": ').expect(400);
      expect(response.body.code).toBe('INVALID_JSON');
    });

    it('unknown fields', async () => {
      const response = await testApp.http.post('/teams').set(auth()).send({ name: 'Valid name', colour: 'red' }).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'property colour should not exist' });
    });

    it('wrong types', async () => {
      const response = await testApp.http.post('/reps').set(auth()).send({ login: 'ok.login', displayName: 5, password: 'long-enough-pass', teamId: teamA, tier: 'legendary', dailyCallTarget: '10' }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details).toEqual(expect.arrayContaining(['displayName must be a string', 'tier must be one of the following values: strong, mid, junior', 'dailyCallTarget must be an integer number']));
    });

    it('ids that are not UUIDs', async () => {
      const response = await testApp.http.get('/reps/42').set(auth()).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.message).toMatch(/uuid/i);
    });

    it('a team that does not exist', async () => {
      const response = await testApp.http.post('/reps').set(auth()).send({ login: unique('ghost'), displayName: 'Ghost', password: 'long-enough-pass', teamId: '7f0c1a52-0000-4000-8000-000000000000', tier: 'mid' }).expect(404);
      expect(response.body.code).toBe('NOT_FOUND');
    });

    it('a duplicate login is a conflict, not a crash', async () => {
      const response = await testApp.http.post('/users').set(auth()).send({ login: ADMIN.login, displayName: 'Again', password: 'long-enough-pass', role: 'admin' }).expect(409);
      expect(response.body.code).toBe('CONFLICT');
    });
  });
});
