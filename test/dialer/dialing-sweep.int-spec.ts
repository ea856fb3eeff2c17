import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallJournalService } from '../../src/calls/call-journal.service';
import { dialJobId } from '../../src/dialer/dial.policy';
import { DIALER_QUEUE } from '../../src/dialer/dialer.queue';
import { DialingSweepService } from '../../src/dialer/dialing-sweep.service';
import { ATTEMPT_LIFETIME_EXTRA_MS } from '../../src/dialer/dialing-sweep.policy';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';
import { fastSettings } from './dialer-support';

/**
 * Targets left `dialing` by an attempt that never finished, made as a crash leaves them (the
 * rows written directly), then swept on real PostgreSQL with the clock passed in.
 */
describe('dialing sweep (real PostgreSQL, Redis)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let sweep: DialingSweepService;
  let auth: Record<string, string>;
  let counter = 0;
  const ringSeconds = 3;
  const lifetime = ringSeconds * 1000 + ATTEMPT_LIFETIME_EXTRA_MS;

  beforeAll(async () => {
    testApp = await startTestApp({ QUEUE_PREFIX: unique('salescall-int-sweep-') });
    db = testApp.app.get(DataSource);
    sweep = testApp.app.get(DialingSweepService);
    auth = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
  });
  afterAll(() => testApp?.close(), 30_000);

  /** A running list campaign (started in the database only, so nothing is dialed for real) with one target claimed as dialing. */
  async function claimedTarget(settings: Record<string, unknown>): Promise<{ campaignId: string; targetId: string; clientId: string }> {
    const phone = `+4916${String(Date.now() % 1e6).padStart(6, '0')}${String((counter += 1) % 100).padStart(2, '0')}`;
    const clientId = (await testApp.http.post('/clients').set(auth).send({ name: unique('Swept '), phones: [phone], timeZone: 'UTC' }).expect(201)).body.id;
    const campaignId = (await testApp.http.post('/campaigns').set(auth).send({ name: unique('Sweep '), trigger: 'list', settings: fastSettings({ ringSeconds, ...settings }) }).expect(201)).body.id;
    await testApp.http.post(`/campaigns/${campaignId}/targets`).set(auth).send({ csv: `phone\n${phone}\n` }).expect(201);
    await db.query(`UPDATE campaigns SET status = 'running' WHERE id = $1`, [campaignId]);
    await db.query(`UPDATE campaign_targets SET status = 'dialing', attempts = 1 WHERE campaign_id = $1`, [campaignId]);
    const [{ id: targetId }] = await db.query(`SELECT id FROM campaign_targets WHERE campaign_id = $1`, [campaignId]);
    return { campaignId, targetId, clientId };
  }

  it('a claim that never wrote its attempt (crash, failed insert) is counted as a failed attempt once the bound passes; the list campaign completes', async () => {
    const { campaignId, targetId } = await claimedTarget({ maxAttempts: 1 });
    const now = new Date();
    expect(await sweep.sweep(now)).not.toContain(targetId);
    expect(await sweep.sweep(new Date(now.getTime() + lifetime - 1000))).not.toContain(targetId);
    expect((await db.query(`SELECT status FROM campaign_targets WHERE id = $1`, [targetId]))[0].status).toBe('dialing');

    expect(await sweep.sweep(new Date(now.getTime() + lifetime))).toContain(targetId);
    expect((await db.query(`SELECT status, attempts FROM campaign_targets WHERE id = $1`, [targetId]))[0]).toEqual({ status: 'exhausted', attempts: 1 });
    expect(await db.query(`SELECT attempt_no, outcome, ended_at IS NOT NULL AS ended FROM campaign_attempts WHERE target_id = $1`, [targetId])).toEqual([{ attempt_no: 1, outcome: 'failed', ended: true }]);
    expect((await db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]))[0].status).toBe('completed');
  });

  it('an attempt that started and never ended is closed with its call row, and the target is queued for its next attempt', async () => {
    const { campaignId, targetId, clientId } = await claimedTarget({ maxAttempts: 2, retryDelaySeconds: { busy: 3600, noAnswer: 3600, failed: 3600, machine: 3600 } });
    const startedAt = new Date(Date.now() - lifetime - 5000);
    const callId = randomUUID();
    await testApp.app.get(CallJournalService).insertStart({ callId, direction: 'dialer', channelId: randomUUID(), callerE164: '+4930123456789', calleeE164: '+4916000000', clientId, dealId: null, campaignId, enqueuedAt: null, startedAt });
    await db.query(`INSERT INTO campaign_attempts (target_id, attempt_no, call_id, started_at) VALUES ($1, 1, $2, $3)`, [targetId, callId, startedAt]);

    const now = new Date();
    expect(await sweep.sweep(now)).toContain(targetId);
    const [target] = await db.query(`SELECT status, attempts, next_attempt_at FROM campaign_targets WHERE id = $1`, [targetId]);
    expect(target).toMatchObject({ status: 'queued', attempts: 1 });
    expect(new Date(target.next_attempt_at).getTime()).toBe(now.getTime() + 3600_000);
    expect(await db.query(`SELECT outcome, ended_at IS NOT NULL AS ended FROM campaign_attempts WHERE target_id = $1`, [targetId])).toEqual([{ outcome: 'failed', ended: true }]);
    expect((await db.query(`SELECT outcome, hangup_cause FROM calls WHERE id = $1`, [callId]))[0]).toEqual({ outcome: 'failed', hangup_cause: 'attempt lost: never finished' });
    const queue = testApp.app.get<Queue>(getQueueToken(DIALER_QUEUE));
    expect(await queue.getJob(dialJobId(campaignId, targetId, 2))).toBeTruthy();
    expect((await db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]))[0].status).toBe('running');
    // A second sweep finds nothing more to do.
    expect(await sweep.sweep(new Date(now.getTime() + 1000))).not.toContain(targetId);
    await db.query(`UPDATE campaigns SET status = 'stopped' WHERE id = $1`, [campaignId]);
  });
});
