import { join } from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { expectEventually } from '../support/eventually';
import { FAST_ROUTING_ENV } from '../support/routing-env';
import { callIn, freshCaller, SalesFloor } from '../support/sales-floor';
import { SippRun, startSippOnFreePort } from '../support/sipp';
import { existsSync, readFileSync } from 'node:fs';
import { ensureAsterisk, restartAsterisk } from '../support/telephony';
import { loginAs, startTestApp, TestApp, unique } from '../support/test-app';
import { RtpSink } from './rtp-sink';
import { DashboardClient } from './stats-dashboard-client';
import { waitInPage } from '../support/page-wait';

/**
 * Live statistics on the real Asterisk: SIPp callers and reps, a supervisor whose SIPp softphone
 * must receive the call's audio through an ARI snoop, and the dashboard page in headless Chromium.
 */
describe('live statistics and supervision on the real Asterisk', () => {
  let testApp: TestApp;
  let db: DataSource;
  let floor: SalesFloor;
  let url: string;
  let supervisorToken: string;
  let supervisorLogin: string;
  let otherSupervisor: Record<string, string>;
  const clients: DashboardClient[] = [];
  const runs: SippRun[] = [];

  beforeAll(async () => {
    // env.ts gives every test process ARI_APP=salescall-test-int; an Asterisk started from such a
    // process routes trunk calls to that app. This suite places calls, so it needs "salescall".
    const env = { ...process.env, ARI_APP: 'salescall' };
    await ensureAsterisk(env);
    const dialplan = join(process.env.ASTERISK_ROOT ?? '/var/cache/salescall/asterisk-root', 'etc/asterisk/extensions.conf');
    if (existsSync(dialplan) && !readFileSync(dialplan, 'utf8').includes('Stasis(salescall,')) await restartAsterisk(env);
    testApp = await startTestApp(FAST_ROUTING_ENV);
    db = testApp.app.get(DataSource);
    url = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as { port: number }).port}`;
    await expectEventually(async () => expect((await testApp.http.get('/health')).body.components.ari.status).toBe('up'), 15_000);
    floor = new SalesFloor(testApp);
    await floor.setUp();
    supervisorLogin = unique('floorsup');
    await testApp.http.post('/users').set(floor.auth()).send({ login: supervisorLogin, displayName: 'Floor Sup', password: 'supervisor-pass-1', role: 'supervisor', teamId: floor.teamId }).expect(201);
    supervisorToken = await loginAs(testApp, supervisorLogin, 'supervisor-pass-1');
    const otherTeam = (await testApp.http.post('/teams').set(floor.auth()).send({ name: unique('Elsewhere ') }).expect(201)).body.id;
    const otherLogin = unique('othersup');
    await testApp.http.post('/users').set(floor.auth()).send({ login: otherLogin, displayName: 'Other', password: 'supervisor-pass-1', role: 'supervisor', teamId: otherTeam }).expect(201);
    otherSupervisor = { Authorization: `Bearer ${await loginAs(testApp, otherLogin, 'supervisor-pass-1')}` };
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const run of runs) await run.stop(300);
    await floor?.tearDown();
    await testApp?.close();
  }, 30_000);

  const supervisorDashboard = async (): Promise<DashboardClient> => {
    const client = new DashboardClient(url, supervisorToken);
    clients.push(client);
    await expectEventually(() => expect(client.snapshots.length).toBeGreaterThan(0));
    return client;
  };

  it("listen: the supervisor's softphone receives the call's audio through a snoop; audited; other teams refused", async () => {
    const sink = await RtpSink.open();
    const supervisorPhone = await startSippOnFreePort({ scenario: join(__dirname, 'sipp/uas-supervisor.xml'), calls: 10, vars: { rtp_port: sink.port, ring_ms: 0, talk_ms: 0 } });
    runs.push(supervisorPhone);
    // The supervisor's softphone is a rep-like account of the team, kept paused so routing skips it.
    const desk = await floor.addRep('junior', 'answer', { phone: supervisorPhone });
    await floor.setState(desk.id, 'paused');
    const rep = await floor.addRep('strong', 'answer');
    const dashboard = await supervisorDashboard();

    const caller = await callIn(freshCaller(), { talkMs: 9000 });
    runs.push(caller);
    const [callId] = await expectEventually(() => {
      const talking = [...dashboard.calls.entries()].filter(([, call]) => call.phase === 'talking');
      expect(talking).toHaveLength(1);
      return talking[0];
    }, 15_000);
    expect(dashboard.calls.get(callId)).toMatchObject({ repId: rep.id });

    // Another team's live call answers like one that does not exist (the attempt is still audited as denied).
    const hidden = await testApp.http.post('/supervision/sessions').set(otherSupervisor).send({ callId, mode: 'listen', endpoint: desk.endpoint }).expect(404);
    expect(hidden.body).toMatchObject({ code: 'NOT_FOUND', message: 'No such live call' });
    const session = (await testApp.http.post('/supervision/sessions').set({ Authorization: `Bearer ${supervisorToken}` }).send({ callId, mode: 'listen', endpoint: desk.endpoint }).expect(201)).body;
    expect(session).toMatchObject({ callId, mode: 'listen', endpoint: desk.endpoint });
    await expectEventually(() => expect(sink.audible).toBeGreaterThan(25), 8_000);
    expect((await caller.done).successful).toBe(1);
    sink.close();

    const audit = await db.query(`SELECT action, outcome FROM audit_log WHERE entity_id = $1 ORDER BY id`, [callId]);
    expect(audit).toEqual(expect.arrayContaining([{ action: 'supervision.listen', outcome: 'denied' }, { action: 'supervision.listen', outcome: 'allowed' }]));
    await expectEventually(async () => expect(await db.query(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'supervision.end'`, [callId])).toHaveLength(1), 10_000);
  }, 60_000);

  it('the dashboard page in Chromium shows a call while it lasts, and the day numbers equal the database', async () => {
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
      const page = await browser.newPage();
      await page.goto(`${url}/dashboard`);
      await page.fill('#login-name', supervisorLogin);
      await page.fill('#login-password', 'supervisor-pass-1');
      await page.click('#login-submit');
      await page.waitForSelector('#conn[data-state="live"]', { timeout: 10_000 });
      const answeredTile = async (): Promise<string> => (await page.textContent('[data-metric="answered"] b')) ?? '';
      // Start from a quiet floor: a call an earlier test left behind would hold the rep and the counts.
      await waitInPage(page, 'document.querySelectorAll("#calls tr").length === 0', 15_000);
      const before = Number((await answeredTile()).split(' ')[0]);

      const caller = await callIn(freshCaller(), { talkMs: 2500 });
      runs.push(caller);
      await page.waitForSelector('#calls tr[data-phase="talking"] button[data-mode="listen"]', { timeout: 15_000 });
      await (await caller.done);
      await waitInPage(page, 'document.querySelectorAll("#calls tr").length === 0', 15_000);
      await expectEventually(async () => expect(Number((await answeredTile()).split(' ')[0])).toBe(before + 1), 5_000);
      expect(await page.textContent('#reps')).toContain('available');
    } finally {
      await browser?.close();
    }

    // What the live numbers say for the team equals SQL over the calls table.
    const dashboard = await supervisorDashboard();
    const [sql] = await db.query(
      `SELECT count(*)::int AS offered, count(answered_at)::int AS answered, count(*) FILTER (WHERE outcome = 'abandoned')::int AS abandoned,
              avg(extract(epoch FROM answered_at - created_at))::float AS asa, avg(extract(epoch FROM ended_at - answered_at)) FILTER (WHERE answered_at IS NOT NULL)::float AS aht
         FROM calls WHERE team_id = $1 AND direction = 'inbound'`,
      [floor.teamId],
    );
    const today = (dashboard.numbers as unknown as { today: { offered: number; answered: number; abandoned: number; asaSeconds: number; ahtSeconds: number } }).today;
    expect(today).toMatchObject({ offered: sql.offered, answered: sql.answered, abandoned: sql.abandoned });
    expect(sql.answered).toBe(2);
    expect(today.asaSeconds).toBeCloseTo(sql.asa, 2);
    expect(today.ahtSeconds).toBeCloseTo(sql.aht, 2);
  }, 60_000);
});
