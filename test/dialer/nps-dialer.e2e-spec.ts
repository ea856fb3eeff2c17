import { DataSource } from 'typeorm';
import { expectEventually } from '../support/eventually';
import { FAST_ROUTING_ENV } from '../support/routing-env';
import { freshCaller, SalesFloor } from '../support/sales-floor';
import { SippRun } from '../support/sipp';
import { ensureAsterisk } from '../support/telephony';
import { startTestApp, TestApp, unique } from '../support/test-app';
import { attemptsOf, campaign, clientPhone, daytimeZone, fastSettings, targetOf } from './dialer-support';

/**
 * The NPS dialer end to end: a deal marked won → BullMQ job → originate through the trunk into
 * dialplan dialer-amd (real AMD) → Stasis → IVR; SIPp on 127.0.0.2:5070 is the client's phone and
 * keys its answer by SIP INFO.
 */
describe('NPS dialer on the real Asterisk with SIPp as the client phone', () => {
  let testApp: TestApp;
  let db: DataSource;
  let floor: SalesFloor;
  let phone: SippRun | null = null;
  const zone = daytimeZone();
  const startedCampaigns: string[] = [];

  beforeAll(async () => {
    await ensureAsterisk();
    testApp = await startTestApp({ ...FAST_ROUTING_ENV, QUEUE_PREFIX: 'salescall-e2e-dialer' });
    db = testApp.app.get(DataSource);
    await expectEventually(async () => expect((await testApp.http.get('/health')).body.components.ari.status).toBe('up'), 15_000);
    floor = new SalesFloor(testApp);
    await floor.setUp();
  }, 60_000);

  afterEach(async () => {
    // Deal-won campaigns of one team all react to every won deal: stop this test's campaigns.
    for (const id of startedCampaigns.splice(0)) await testApp.http.post(`/campaigns/${id}/actions`).set(floor.auth()).send({ action: 'stop' });
    await phone?.stop(500);
    phone = null;
  });
  afterAll(async () => {
    await floor?.tearDown();
    await testApp?.close();
  }, 30_000);

  async function track(created: Promise<string>): Promise<string> {
    const id = await created;
    startedCampaigns.push(id);
    return id;
  }

  /** A client owned by a rep, with an open deal that the test marks won. */
  async function wonDealSoon(ownerRepId: string): Promise<{ clientId: string; dealId: string; win: () => Promise<void> }> {
    const created = await testApp.http.post('/clients').set(floor.auth()).send({ name: unique('NPS Client '), phones: [freshCaller()], ownerRepId, timeZone: zone }).expect(201);
    const deal = await testApp.http.post('/deals').set(floor.auth()).send({ clientId: created.body.id, amount: 1000 }).expect(201);
    return { clientId: created.body.id, dealId: deal.body.id, win: async () => void (await testApp.http.patch(`/deals/${deal.body.id}`).set(floor.auth()).send({ status: 'won', amount: 1200 }).expect(200)) };
  }

  it('a won deal leads to a call; a detractor score lands on the deal and the rep and makes a task', async () => {
    const rep = await floor.addRep('mid', 'answer');
    const campaignId = await track(campaign(testApp, floor.auth(), { name: unique('Won NPS '), trigger: 'deal-won', teamId: floor.teamId, settings: fastSettings({ delayAfterWonSeconds: 1 }) }));
    const deal = await wonDealSoon(rep.id);
    phone = clientPhone('survey', { digits: '3', delayMs: 6000 });
    await deal.win();

    const response = await expectEventually(async () => {
      const [row] = await db.query(`SELECT score, deal_id, rep_id, client_id, campaign_id, call_id FROM nps_responses WHERE deal_id = $1`, [deal.dealId]);
      expect(row).toBeTruthy();
      return row;
    }, 30_000, 200);
    expect(response).toMatchObject({ score: 3, deal_id: deal.dealId, rep_id: rep.id, client_id: deal.clientId, campaign_id: campaignId });
    const [task] = await db.query(`SELECT type, assignee_rep_id, deal_id, source_call_id FROM tasks WHERE dedupe_key LIKE 'nps-detractor:%' AND client_id = $1`, [deal.clientId]);
    expect(task).toEqual({ type: 'nps-detractor', assignee_rep_id: rep.id, deal_id: deal.dealId, source_call_id: response.call_id });

    const target = await expectEventually(async () => {
      const row = await targetOf(db, campaignId, deal.clientId);
      expect(row?.status).toBe('responded');
      return row!;
    }, 20_000, 200);
    const [attempt] = await attemptsOf(db, target.id);
    expect(attempt).toMatchObject({ attempt_no: 1, outcome: 'responded', amd_status: 'NOTSURE' });
    const [call] = await db.query(`SELECT direction, campaign_id, outcome, answered_at FROM calls WHERE id = $1`, [response.call_id]);
    expect(call).toMatchObject({ direction: 'dialer', campaign_id: campaignId, outcome: 'answered' });
    expect(call.answered_at).toBeTruthy();
    const progress = (await testApp.http.get(`/campaigns/${campaignId}/progress`).set(floor.auth()).expect(200)).body;
    expect(progress).toMatchObject({ responded: 1, responses: 1, nps: -100 });
  }, 60_000);

  it('"10" then menu key 2: a promoter who asks not to be called again', async () => {
    const rep = await floor.addRep('mid', 'answer');
    const campaignId = await track(campaign(testApp, floor.auth(), { name: unique('Won NPS '), trigger: 'deal-won', teamId: floor.teamId, settings: fastSettings() }));
    const deal = await wonDealSoon(rep.id);
    phone = clientPhone('survey', { digits: '10PPP2', delayMs: 6000 });
    await deal.win();
    await expectEventually(async () => {
      const [client] = await db.query(`SELECT do_not_call, do_not_call_reason FROM clients WHERE id = $1`, [deal.clientId]);
      expect(client.do_not_call).toBe(true);
      expect(client.do_not_call_reason).toMatch(/NPS/);
    }, 30_000, 200);
    const [row] = await db.query(`SELECT score FROM nps_responses WHERE deal_id = $1`, [deal.dealId]);
    expect(row.score).toBe(10);
    const [task] = await db.query(`SELECT id FROM tasks WHERE client_id = $1 AND type = 'nps-detractor'`, [deal.clientId]);
    expect(task).toBeUndefined();
    expect((await targetOf(db, campaignId, deal.clientId))?.status).toBeDefined();
  }, 60_000);

  it.each([
    ['busy', 'busy'],
    ['no-answer', 'no-answer'],
  ] as const)('%s is retried after the configured delay, up to the limit', async (kind, outcome) => {
    const rep = await floor.addRep('mid', 'answer');
    const campaignId = await track(campaign(testApp, floor.auth(), { name: unique('Retry NPS '), trigger: 'deal-won', teamId: floor.teamId, settings: fastSettings({ ringSeconds: 2, maxAttempts: 2, retryDelaySeconds: { busy: 2, noAnswer: 3, failed: 2, machine: 2 } }) }));
    const deal = await wonDealSoon(rep.id);
    phone = clientPhone(kind);
    await deal.win();
    const target = await expectEventually(async () => {
      const row = await targetOf(db, campaignId, deal.clientId);
      expect(row?.status).toBe('exhausted');
      return row!;
    }, 30_000, 200);
    const attempts = await attemptsOf(db, target.id);
    expect(attempts.map((a) => [a.attempt_no, a.outcome])).toEqual([[1, outcome], [2, outcome]]);
    const gapMs = attempts[1].started_at.getTime() - attempts[0].ended_at!.getTime();
    const delayMs = (kind === 'busy' ? 2 : 3) * 1000;
    expect(gapMs).toBeGreaterThanOrEqual(delayMs - 50);
    expect(gapMs).toBeLessThan(delayMs + 3000);
    expect(target.attempts).toBe(2);
  }, 60_000);

  it('a number flagged do-not-call while its job is queued is never dialed', async () => {
    const rep = await floor.addRep('mid', 'answer');
    const campaignId = await track(campaign(testApp, floor.auth(), { name: unique('DNC NPS '), trigger: 'deal-won', teamId: floor.teamId, settings: fastSettings({ delayAfterWonSeconds: 3 }) }));
    const deal = await wonDealSoon(rep.id);
    phone = clientPhone('survey', { digits: '9' });
    await deal.win();
    await expectEventually(async () => expect((await targetOf(db, campaignId, deal.clientId))?.status).toBe('queued'), 5_000);
    await testApp.http.patch(`/clients/${deal.clientId}`).set(floor.auth()).send({ doNotCall: true, doNotCallReason: 'asked by email' }).expect(200);
    const target = await expectEventually(async () => {
      const row = await targetOf(db, campaignId, deal.clientId);
      expect(row?.status).toBe('skipped');
      return row!;
    }, 15_000, 200);
    expect(target.attempts).toBe(0);
    expect(await attemptsOf(db, target.id)).toEqual([]);
    const calls = await db.query(`SELECT id FROM calls WHERE client_id = $1 AND direction = 'dialer'`, [deal.clientId]);
    expect(calls).toEqual([]);
    const result = await phone!.stop(500);
    expect(result.successful + result.failed).toBe(0);
    phone = null;
  }, 30_000);
});
