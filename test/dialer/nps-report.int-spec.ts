import { DataSource } from 'typeorm';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

/**
 * GET /reports/nps and /reports/nps.csv over real rows: two teams, three reps, two campaigns,
 * six targets with attempts spread over days, weeks and months, and five responses, one of them
 * without a rep (its target has no deal), so every groupBy has a NULL group to merge from both
 * sides. The rows sit in March/April 2031 and every request asks for that range only, so rows of
 * other suites sharing the database never count.
 */
describe('NPS report on real data', () => {
  let testApp: TestApp;
  let db: DataSource;
  let auth: Record<string, string>;
  const RANGE = { from: '2031-03-01T00:00:00Z', to: '2031-05-01T00:00:00Z' };
  const names = { teamA: unique('NPS team A '), teamB: unique('NPS team B '), k1: unique('NPS spring '), k2: unique('NPS april '), a1: 'Anna Eins', a2: 'Arne Zwei', b1: 'Berta Drei' };
  const ids: Record<string, string> = {};
  let phoneCounter = 0;

  const post = async (path: string, body: object): Promise<string> => (await testApp.http.post(path).set(auth).send(body).expect(201)).body.id;
  const phone = (): string => `+4915${String(Date.now() % 1e6).padStart(6, '0')}${String((phoneCounter += 1)).padStart(2, '0')}`;

  async function rep(key: 'a1' | 'a2' | 'b1', teamId: string): Promise<void> {
    ids[key] = await post('/reps', { login: unique(`nps.${key}.`), displayName: names[key], password: 'nps-report-password', teamId, tier: 'mid' });
  }

  /** A campaign target for a new client, with a deal owned by `owner` (none: no deal), and its attempts. */
  async function target(name: string, campaignId: string, owner: string | null, attemptTimes: string[]): Promise<{ id: string; clientId: string; dealId: string | null }> {
    const number = phone();
    const clientId = await post('/clients', { name: unique('NPS client '), phones: [number], ...(owner ? { ownerRepId: owner } : {}) });
    const dealId = owner ? await post('/deals', { clientId, ownerRepId: owner }) : null;
    const [{ id }] = await db.query(`INSERT INTO campaign_targets (campaign_id, client_id, deal_id, phone, status, attempts) VALUES ($1, $2, $3, $4, 'answered', $5) RETURNING id`, [
      campaignId,
      clientId,
      dealId,
      number,
      attemptTimes.length,
    ]);
    for (const [index, at] of attemptTimes.entries()) {
      await db.query(`INSERT INTO campaign_attempts (target_id, attempt_no, started_at, ended_at, outcome) VALUES ($1, $2, $3, $3, 'answered')`, [id, index + 1, at]);
    }
    ids[name] = id;
    return { id, clientId, dealId };
  }

  async function respond(campaignId: string, t: { id: string; clientId: string; dealId: string | null }, repId: string | null, score: number, at: string): Promise<void> {
    await db.query(`INSERT INTO nps_responses (campaign_id, target_id, client_id, deal_id, rep_id, score, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [campaignId, t.id, t.clientId, t.dealId, repId, score, at]);
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    db = testApp.app.get(DataSource);
    auth = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    ids.teamA = await post('/teams', { name: names.teamA });
    ids.teamB = await post('/teams', { name: names.teamB });
    await rep('a1', ids.teamA);
    await rep('a2', ids.teamA);
    await rep('b1', ids.teamB);
    ids.k1 = await post('/campaigns', { name: names.k1, trigger: 'list', teamId: ids.teamA });
    ids.k2 = await post('/campaigns', { name: names.k2, trigger: 'list', teamId: ids.teamB });

    const t1 = await target('t1', ids.k1, ids.a1, ['2031-03-03T09:00:00Z', '2031-03-03T09:30:00Z']);
    const t2 = await target('t2', ids.k1, ids.a2, ['2031-03-04T09:00:00Z']);
    const t3 = await target('t3', ids.k1, ids.a1, ['2031-03-03T09:00:00Z', '2031-03-04T09:00:00Z', '2031-03-12T09:00:00Z']);
    const t4 = await target('t4', ids.k2, ids.b1, ['2031-04-02T09:00:00Z']);
    await target('t5', ids.k2, ids.b1, ['2031-04-02T09:00:00Z', '2031-04-02T09:30:00Z']);
    const t6 = await target('t6', ids.k2, null, ['2031-04-02T09:00:00Z']);
    await respond(ids.k1, t1, ids.a1, 10, '2031-03-03T10:00:00Z');
    await respond(ids.k1, t2, ids.a2, 8, '2031-03-04T10:00:00Z');
    await respond(ids.k1, t3, ids.a1, 7, '2031-03-12T10:00:00Z');
    await respond(ids.k2, t4, ids.b1, 9, '2031-04-02T10:00:00Z');
    await respond(ids.k2, t6, null, 0, '2031-04-02T11:00:00Z');
  }, 60_000);
  afterAll(() => testApp?.close(), 30_000);

  const report = (groupBy: string, extra: Record<string, string> = {}) => testApp.http.get('/reports/nps').set(auth).query({ groupBy, ...RANGE, ...extra });

  /** [key, label, promoters, passives, detractors, nps, targetsReached, attempts, responseRate, attemptsPerResponse] */
  type Expected = [string | null, string | null, number, number, number, number | null, number, number, number | null, number | null];
  const row = ([key, label, promoters, passives, detractors, nps, targetsReached, attempts, responseRate, attemptsPerResponse]: Expected) => ({
    key,
    label,
    responses: promoters + passives + detractors,
    promoters,
    passives,
    detractors,
    nps,
    targetsReached,
    attempts,
    responseRate,
    attemptsPerResponse,
  });
  const byLabel = (rows: Array<{ label: string | null }>) => [...rows].sort((a, b) => String(a.label).localeCompare(String(b.label)));

  it('groups by campaign', async () => {
    const response = await report('campaign').expect(200);
    expect(byLabel(response.body)).toEqual(
      byLabel([row([ids.k1, names.k1, 1, 2, 0, 33.3, 3, 6, 100, 2]), row([ids.k2, names.k2, 1, 0, 1, 0, 3, 4, 66.7, 2])]),
    );
  });

  it('groups by rep (responses by the rep who won the deal, reach by deal owner) with one group for neither', async () => {
    const response = await report('rep').expect(200);
    expect(response.body).toHaveLength(4);
    expect(response.body[3]).toEqual(row([null, null, 0, 0, 1, -100, 1, 1, 100, 1]));
    expect(byLabel(response.body.slice(0, 3))).toEqual([
      row([ids.a1, names.a1, 1, 1, 0, 50, 2, 5, 100, 2.5]),
      row([ids.a2, names.a2, 0, 1, 0, 0, 1, 1, 100, 1]),
      row([ids.b1, names.b1, 1, 0, 0, 100, 2, 3, 50, 3]),
    ]);
  });

  it('groups by team', async () => {
    const response = await report('team').expect(200);
    expect(response.body).toHaveLength(3);
    expect(response.body[2]).toEqual(row([null, null, 0, 0, 1, -100, 1, 1, 100, 1]));
    expect(byLabel(response.body.slice(0, 2))).toEqual([row([ids.teamA, names.teamA, 1, 2, 0, 33.3, 3, 6, 100, 2]), row([ids.teamB, names.teamB, 1, 0, 0, 100, 2, 3, 50, 3])]);
  });

  it('groups by day, week (Monday) and month, in time order', async () => {
    expect((await report('day').expect(200)).body).toEqual([
      row(['2031-03-03', '2031-03-03', 1, 0, 0, 100, 2, 3, 50, 3]),
      row(['2031-03-04', '2031-03-04', 0, 1, 0, 0, 2, 2, 50, 2]),
      row(['2031-03-12', '2031-03-12', 0, 1, 0, 0, 1, 1, 100, 1]),
      row(['2031-04-02', '2031-04-02', 1, 0, 1, 0, 3, 4, 66.7, 2]),
    ]);
    expect((await report('week').expect(200)).body).toEqual([
      row(['2031-03-03', '2031-03-03', 1, 1, 0, 50, 3, 5, 66.7, 2.5]),
      row(['2031-03-10', '2031-03-10', 0, 1, 0, 0, 1, 1, 100, 1]),
      row(['2031-03-31', '2031-03-31', 1, 0, 1, 0, 3, 4, 66.7, 2]),
    ]);
    expect((await report('month').expect(200)).body).toEqual([row(['2031-03', '2031-03', 1, 2, 0, 33.3, 3, 6, 100, 2]), row(['2031-04', '2031-04', 1, 0, 1, 0, 3, 4, 66.7, 2])]);
  });

  it('narrows to the from/to range (from inclusive, to exclusive)', async () => {
    const response = await report('month', { from: '2031-03-03T10:00:00Z', to: '2031-04-02T10:00:00Z' }).expect(200);
    // March: R1 (10:00, inclusive), R2, R3; attempts from 10:00 on: t2 03-04, t3 03-04 and 03-12. April: attempts before 10:00, R4 excluded.
    expect(response.body).toEqual([row(['2031-03', '2031-03', 1, 2, 0, 33.3, 2, 3, 150, 1]), row(['2031-04', '2031-04', 0, 0, 0, null, 3, 4, 0, null])]);
  });

  it('serves the same figures as CSV for every groupBy', async () => {
    for (const groupBy of ['campaign', 'rep', 'team', 'day', 'week', 'month']) {
      const json = (await report(groupBy).expect(200)).body as Array<Record<string, unknown>>;
      const csv = await testApp.http.get('/reports/nps.csv').set(auth).query({ groupBy, ...RANGE }).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('key,label,responses,promoters,passives,detractors,nps,targetsReached,attempts,responseRate,attemptsPerResponse');
      expect(lines.slice(1)).toEqual(json.map((r) => [r.key, r.label, r.responses, r.promoters, r.passives, r.detractors, r.nps, r.targetsReached, r.attempts, r.responseRate, r.attemptsPerResponse].map((v) => (v === null ? '' : String(v))).join(',')));
    }
    const day = await testApp.http.get('/reports/nps.csv').set(auth).query({ groupBy: 'day', ...RANGE }).expect(200);
    expect(day.text.split('\r\n')[1]).toBe('2031-03-03,2031-03-03,1,1,0,0,100,2,3,50,3');
  });

  it('refuses a missing or unknown groupBy and dates that are not ISO 8601 with 400 VALIDATION_FAILED', async () => {
    for (const query of [{}, { groupBy: 'year' }, { groupBy: 'day', from: 'yesterday' }, { groupBy: 'day', to: '2031-13-45' }, { groupBy: 'day', from: '../../etc/passwd' }, { groupBy: 'day', from: '1' }, { groupBy: 'day', to: 'March 3, 2031' }]) {
      for (const path of ['/reports/nps', '/reports/nps.csv']) {
        const response = await testApp.http.get(path).set(auth).query(query);
        expect([path, query, response.status, response.body.code]).toEqual([path, query, 400, 'VALIDATION_FAILED']);
      }
    }
  });
});
