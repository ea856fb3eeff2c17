import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../src/config/config.module';
import { REDIS } from '../../src/queue/queue.module';
import { DialLimiter } from '../../src/dialer/dial-limiter';
import { isInsideWindow } from '../../src/dialer/dial-window.policy';
import { DialerCallsService } from '../../src/dialer/dialer-calls.service';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';
import { daytimeZone, fastSettings } from './dialer-support';

/** Campaign REST, lifecycle, CSV, dial-time checks and the Redis limiter against real PostgreSQL + Redis. */
describe('NPS dialer with real PostgreSQL and Redis', () => {
  let testApp: TestApp;
  let db: DataSource;
  let auth: Record<string, string>;
  let teamId: string;
  let counter = 0;

  beforeAll(async () => {
    testApp = await startTestApp({ QUEUE_PREFIX: unique('salescall-int-dialer-') });
    db = testApp.app.get(DataSource);
    auth = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    teamId = (await testApp.http.post('/teams').set(auth).send({ name: unique('Dialer team ') }).expect(201)).body.id;
  });
  afterAll(() => testApp?.close(), 30_000);

  const phone = (): string => `+4917${String(Date.now() % 1e6).padStart(6, '0')}${String((counter += 1) % 100).padStart(2, '0')}`;
  async function client(timeZone = 'UTC'): Promise<{ id: string; phone: string }> {
    const number = phone();
    const created = await testApp.http.post('/clients').set(auth).send({ name: unique('Client '), phones: [number], timeZone }).expect(201);
    return { id: created.body.id, phone: number };
  }
  async function listCampaign(settings: Record<string, unknown> = fastSettings()): Promise<string> {
    return (await testApp.http.post('/campaigns').set(auth).send({ name: unique('List '), trigger: 'list', teamId, settings }).expect(201)).body.id;
  }
  const act = (id: string, action: string) => testApp.http.post(`/campaigns/${id}/actions`).set(auth).send({ action });

  it('refuses bad settings with every problem and a stable code', async () => {
    const response = await testApp.http.post('/campaigns').set(auth).send({ name: 'x', trigger: 'list', settings: { window: { from: '07:00', to: '22:00' }, maxAttempts: 0, callerId: '12345' } }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.problems.map((p: { field: string }) => p.field).sort()).toEqual(['callerId', 'maxAttempts', 'window.from', 'window.to']);
    await testApp.http.post('/campaigns').set(auth).send({ name: 'x', trigger: 'sometimes' }).expect(400);
  });

  it('walks the lifecycle and refuses illegal moves', async () => {
    const id = await listCampaign();
    expect((await act(id, 'pause')).status).toBe(409);
    expect((await act(id, 'start')).body.status).toBe('running');
    expect((await act(id, 'pause')).body.status).toBe('paused');
    expect((await act(id, 'resume')).body.status).toBe('running');
    expect((await act(id, 'stop')).body.status).toBe('stopped');
    const refused = await act(id, 'resume');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INVALID_STATE');
    expect((await testApp.http.patch(`/campaigns/${id}`).set(auth).send({ settings: { maxAttempts: 2 } })).status).toBe(409);
  });

  it('CSV upload is all or nothing and names every bad row', async () => {
    const id = await listCampaign();
    const known = await client();
    const other = await client();
    const bad = `phone,client_id\n${known.phone},\n0301234,\n+4917000000001,\n${other.phone},${known.id}\n`;
    const response = await testApp.http.post(`/campaigns/${id}/targets`).set(auth).send({ csv: bad }).expect(400);
    expect(response.body.details.rows).toEqual([expect.objectContaining({ line: 3, field: 'phone' })]);
    const second = await testApp.http.post(`/campaigns/${id}/targets`).set(auth).send({ csv: `phone,client_id\n${known.phone},\n+4917000000001,\n${other.phone},${known.id}\n` }).expect(400);
    expect(second.body.details.rows).toEqual([
      { line: 3, field: 'phone', message: "no client of this campaign's team has this number" },
      { line: 4, field: 'client_id', message: "this number is not this client's" },
    ]);
    expect(await db.query(`SELECT id FROM campaign_targets WHERE campaign_id = $1`, [id])).toEqual([]);
    const ok = await testApp.http.post(`/campaigns/${id}/targets`).set(auth).send({ csv: `phone\n${known.phone}\n${other.phone}\n` }).expect(201);
    expect(ok.body).toEqual({ added: 2, alreadyPresent: 0 });
    const again = await testApp.http.post(`/campaigns/${id}/targets`).set(auth).send({ csv: `phone\n${known.phone}\n` }).expect(201);
    expect(again.body).toEqual({ added: 0, alreadyPresent: 1 });
    expect((await testApp.http.get(`/campaigns/${id}/progress`).set(auth).expect(200)).body).toMatchObject({ targets: 2, queued: 2, responses: 0, nps: null });
  });

  it('CSV upload reads quoted line breaks, BOM and CRLF as a spreadsheet writes them', async () => {
    const id = await listCampaign();
    const known = await client();
    const other = await client();
    // A quoted field spanning two lines is one bad phone on line 3; the row after it keeps line 5.
    const broken = `phone,client_id\n${known.phone},\n"+49 170\n1234567",\n${other.phone},not-an-id\n`;
    const refused = await testApp.http.post(`/campaigns/${id}/targets`).set(auth).send({ csv: broken }).expect(400);
    expect(refused.body.details.rows).toEqual([
      expect.objectContaining({ line: 3, field: 'phone' }),
      { line: 5, field: 'client_id', message: 'must be a UUID' },
    ]);
    expect(await db.query(`SELECT id FROM campaign_targets WHERE campaign_id = $1`, [id])).toEqual([]);
    // The team scope still applies to rows read this way: another client's id for this number is refused.
    const scoped = await testApp.http.post(`/campaigns/${id}/targets`).set(auth).send({ csv: `phone,client_id\r\n"${other.phone}","${known.id}"\r\n` }).expect(400);
    expect(scoped.body.details.rows).toEqual([{ line: 2, field: 'client_id', message: "this number is not this client's" }]);
    const spreadsheet = `\uFEFF"phone","client_id"\r\n"${known.phone}","${known.id}"\r\n"${other.phone}",""\r\n`;
    const ok = await testApp.http.post(`/campaigns/${id}/targets`).set(auth).send({ csv: spreadsheet }).expect(201);
    expect(ok.body).toEqual({ added: 2, alreadyPresent: 0 });
  });

  it('re-checks do-not-call at dial time: a number flagged after queueing is skipped, never dialed', async () => {
    const id = await listCampaign();
    const flagged = await client(daytimeZone());
    await testApp.http.post(`/campaigns/${id}/targets`).set(auth).send({ csv: `phone\n${flagged.phone}\n` }).expect(201);
    const [target] = await db.query(`SELECT id FROM campaign_targets WHERE campaign_id = $1`, [id]);
    await testApp.http.patch(`/clients/${flagged.id}`).set(auth).send({ doNotCall: true, doNotCallReason: 'complained' }).expect(200);
    await act(id, 'start').expect(200);
    await expectEventually(async () => {
      const [row] = await db.query(`SELECT status, attempts FROM campaign_targets WHERE id = $1`, [target.id]);
      expect(row).toEqual({ status: 'skipped', attempts: 0 });
    }, 10_000);
    expect(await db.query(`SELECT id FROM campaign_attempts WHERE target_id = $1`, [target.id])).toEqual([]);
    const dialer = testApp.app.get(DialerCallsService);
    expect(await dialer.runDialJob({ campaignId: id, targetId: target.id, attemptNo: 1 }, new Date())).toEqual({ done: 'target-moved-on' });
  });

  it('outside the client\'s window the job waits for the next local opening', async () => {
    const night = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Tokyo', 'America/New_York'].find((zone) => !isInsideWindow({ timeZone: zone }, { from: '08:00', to: '21:00' }, new Date(Date.now() + 60_000)))!;
    const id = await listCampaign();
    const sleeper = await client(night);
    await testApp.http.post(`/campaigns/${id}/targets`).set(auth).send({ csv: `phone\n${sleeper.phone}\n` }).expect(201);
    await act(id, 'start').expect(200);
    const row = await expectEventually(async () => {
      const [target] = await db.query(`SELECT status, attempts, next_attempt_at FROM campaign_targets WHERE campaign_id = $1`, [id]);
      expect(target.next_attempt_at).toBeTruthy();
      return target;
    }, 10_000);
    expect(row).toMatchObject({ status: 'queued', attempts: 0 });
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(Date.now());
    await act(id, 'stop').expect(200);
  });

  it('the Redis limiter holds concurrency and pace, and another instance sees the same slots', async () => {
    const limiter = testApp.app.get(DialLimiter);
    const campaign = unique('limiter-');
    const limits = { concurrency: 3, callsPerSecond: 1000, leaseMs: 60_000 };
    const t0 = Date.now();
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await limiter.acquire(campaign, `call-${i}`, limits, t0 + i * 2));
    expect(answers.map((a) => a.granted)).toEqual([true, true, true, false, false]);
    expect(await limiter.active(campaign)).toBe(3);
    // A second limiter on the same Redis (another instance, or this one after a restart) agrees.
    const other = new DialLimiter(testApp.app.get(REDIS), testApp.app.get(APP_CONFIG));
    await limiter.release(campaign, 'call-0');
    expect((await other.acquire(campaign, 'call-3', limits, t0 + 20)).granted).toBe(true);
    expect((await other.acquire(campaign, 'call-4', limits, t0 + 22)).granted).toBe(false);
    // Expired leases (a crashed instance's calls) free their slots.
    expect((await limiter.acquire(campaign, 'late', limits, t0 + 61_000)).granted).toBe(true);

    const paced = unique('pace-');
    let granted = 0;
    for (let ms = 0; ms < 2000; ms += 10) if ((await limiter.acquire(paced, `p-${ms}`, { concurrency: 100, callsPerSecond: 5, leaseMs: 60_000 }, t0 + ms)).granted) granted += 1;
    expect(granted).toBe(10);
    await limiter.reset(campaign);
    await limiter.reset(paced);
  });
});
