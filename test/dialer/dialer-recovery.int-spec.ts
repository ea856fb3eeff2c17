import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallJournalService } from '../../src/calls/call-journal.service';
import { dialJobId } from '../../src/dialer/dial.policy';
import { DIALER_QUEUE } from '../../src/dialer/dialer.queue';
import { DialerRecoveryService } from '../../src/dialer/dialer-recovery.service';
import { callIdForChannel } from '../../src/routing/call-ids';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';
import { campaign, daytimeZone, fastSettings } from './dialer-support';

/**
 * A process killed mid-attempt leaves the attempt open and its target `dialing`. The rows below are
 * what such a process leaves (its channel ids exist nowhere in the real Asterisk): killing a
 * service in the middle of an originate on demand is what the fault suite does, not this tier.
 */
describe('dialer attempts left by a killed process (real PostgreSQL, Redis, Asterisk)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let auth: Record<string, string>;
  let counter = 0;

  beforeAll(async () => {
    testApp = await startTestApp({ QUEUE_PREFIX: unique('salescall-int-dialrec-') });
    db = testApp.app.get(DataSource);
    auth = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
  });
  afterAll(() => testApp?.close(), 30_000);

  async function crashedAttempt(answered: boolean): Promise<{ campaignId: string; targetId: string; callId: string }> {
    const phone = `+4917${String(Date.now() % 1e6).padStart(6, '0')}${String((counter += 1) % 100).padStart(2, '0')}`;
    const clientId = (await testApp.http.post('/clients').set(auth).send({ name: unique('Client '), phones: [phone], timeZone: daytimeZone() }).expect(201)).body.id;
    const campaignId = await campaign(testApp, auth, { name: unique('Crash '), trigger: 'list', settings: fastSettings({ maxAttempts: 2 }) });
    const [{ id: targetId }] = await db.query(`INSERT INTO campaign_targets (campaign_id, client_id, phone, status, attempts) VALUES ($1, $2, $3, 'dialing', 1) RETURNING id`, [campaignId, clientId, phone]);
    const channelId = randomUUID();
    const callId = callIdForChannel(channelId);
    const started = new Date(Date.now() - 20_000);
    await testApp.app.get(CallJournalService).insertStart({ callId, direction: 'dialer', channelId, callerE164: '+4930123456789', calleeE164: phone, clientId, dealId: null, campaignId, enqueuedAt: null, startedAt: started });
    if (answered) await db.query(`UPDATE calls SET answered_at = $2 WHERE id = $1`, [callId, new Date(started.getTime() + 3_000)]);
    await db.query(`INSERT INTO campaign_attempts (target_id, attempt_no, call_id, started_at) VALUES ($1, 1, $2, $3)`, [targetId, callId, started]);
    return { campaignId, targetId, callId };
  }

  it('finishes an unanswered attempt whose channel is gone and schedules the next one', async () => {
    const { campaignId, targetId, callId } = await crashedAttempt(false);
    const recovery = testApp.app.get(DialerRecoveryService);
    expect(await recovery.recover()).toBe(1);
    await testApp.app.get(CallJournalService).flush();
    expect(await db.query(`SELECT outcome, ended_at IS NOT NULL AS ended FROM campaign_attempts WHERE target_id = $1`, [targetId])).toEqual([{ outcome: 'failed', ended: true }]);
    const [target] = await db.query(`SELECT status, next_attempt_at FROM campaign_targets WHERE id = $1`, [targetId]);
    expect(target.status).toBe('queued');
    expect(target.next_attempt_at).toBeTruthy();
    expect(await db.query(`SELECT outcome, hangup_cause FROM calls WHERE id = $1`, [callId])).toEqual([{ outcome: 'failed', hangup_cause: 'ended while the service was down' }]);
    const queue = testApp.app.get<Queue>(getQueueToken(DIALER_QUEUE));
    expect(await queue.getJob(dialJobId(campaignId, targetId, 2))).toBeTruthy();
    // A second pass (another restart) changes nothing.
    expect(await recovery.recover()).toBe(0);
  });

  it('an answered attempt is not dialed again: the target is answered and the list campaign completes', async () => {
    const { campaignId, targetId, callId } = await crashedAttempt(true);
    expect(await testApp.app.get(DialerRecoveryService).recover()).toBe(1);
    await testApp.app.get(CallJournalService).flush();
    expect((await db.query(`SELECT status FROM campaign_targets WHERE id = $1`, [targetId]))[0].status).toBe('answered');
    expect((await db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]))[0].status).toBe('completed');
    expect((await db.query(`SELECT outcome FROM calls WHERE id = $1`, [callId]))[0].outcome).toBe('answered');
  });
});
