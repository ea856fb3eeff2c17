import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { signWebhook } from '../../src/webhooks/webhook-signature';
import { LocalS3 } from '../recordings/recordings-harness';
import { expectEventually } from '../support/eventually';
import { waitInPage } from '../support/page-wait';
import { FAST_ROUTING_ENV } from '../support/routing-env';
import { callIn, callsFrom, freshCaller, SalesFloor } from '../support/sales-floor';
import { SippRun } from '../support/sipp';
import { ensureAsterisk, restartAsterisk } from '../support/telephony';
import { loginAs, startTestApp, TestApp, unique } from '../support/test-app';
import { WorkspaceBrowser } from './workspace-browser';

const DOCS = resolve(__dirname, '../../docs');
const REP_PASSWORD = 'rep-password-123';
const SECRET = 'workspace-e2e-webhook-secret';
/** Long enough that "available again" within seconds can only be the wrap-up ending early. */
const WRAP_UP_SECONDS = 120;

/**
 * Wrap-up and "call now" end to end: a SIPp trunk caller reaches the rep on /workspace (headless
 * Chromium), the rep answers and hangs up in the page, fills the wrap-up form the page shows, and
 * the call's record, the deal's stage and the callback task land in PostgreSQL while the rep is
 * available again long before the wrap-up time runs out. Then the CRM's signed proposal.opened
 * puts a call-now task first in the rep's next call and a toast on the page.
 */
describe('the workspace page: wrap-up after a real call, and "call now"', () => {
  let s3: LocalS3;
  let testApp: TestApp;
  let db: DataSource;
  let floor: SalesFloor;
  let browser: WorkspaceBrowser | undefined;
  const runs: SippRun[] = [];
  const caller = freshCaller();
  const rep = { id: '', login: unique('wrap.'), token: '' };
  let clientName = '';
  let clientId = '';
  let dealId = '';

  beforeAll(async () => {
    const env = { ...process.env, ARI_APP: 'salescall' };
    await ensureAsterisk(env);
    const dialplan = join(process.env.ASTERISK_ROOT ?? '/var/cache/salescall/asterisk-root', 'etc/asterisk/extensions.conf');
    if (existsSync(dialplan) && !readFileSync(dialplan, 'utf8').includes('Stasis(salescall,')) await restartAsterisk(env);
    s3 = await LocalS3.start();
    testApp = await startTestApp({
      ...FAST_ROUTING_ENV,
      RULE_ROUTING_OWNER_RING_SECONDS: '20',
      RULE_ROUTING_REP_RING_SECONDS: '20',
      RULE_ROUTING_WRAP_UP_SECONDS: String(WRAP_UP_SECONDS),
      S3_PORT: String(s3.port),
      QUEUE_PREFIX: `salescall-wrapup-e2e-${process.pid}`,
      // sms.requested is stored for delivery; the closed port makes it a retry, which is fine here.
      WEBHOOK_URL: 'http://127.0.0.1:9/crm-hook',
      WEBHOOK_SECRET: SECRET,
    });
    db = testApp.app.get(DataSource);
    await expectEventually(async () => expect((await testApp.http.get('/health')).body.components.ari.status).toBe('up'), 15_000);
    floor = new SalesFloor(testApp);
    await floor.setUp();
    const created = await testApp.http.post('/reps').set(floor.auth()).send({ login: rep.login, displayName: 'Wanda Wrap', password: REP_PASSWORD, teamId: floor.teamId, tier: 'strong', dailyCallTarget: 40, dailyDealTarget: 2 }).expect(201);
    rep.id = created.body.id;
    rep.token = await loginAs(testApp, rep.login, REP_PASSWORD);
    clientName = `Keller Logistik ${Date.now().toString(36).slice(-4).toUpperCase()}`;
    clientId = await floor.client(clientName, caller, rep.id);
    dealId = (await testApp.http.post('/deals').set(floor.auth()).send({ clientId, stageKey: 'proposal', amount: 8400, currency: 'EUR' }).expect(201)).body.id;
    browser = await WorkspaceBrowser.open(`http://127.0.0.1:${(testApp.app.getHttpServer().address() as { port: number }).port}`);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    for (const run of runs) await run.stop(500).catch(() => undefined);
    if (rep.id) await testApp?.http.patch(`/reps/${rep.id}`).set(floor.auth()).send({ enabled: false });
    await testApp?.close();
    await s3?.dispose();
  }, 30_000);

  it('after a real call the page shows the wrap-up; saving it writes the call, the deal and the task, and the rep is available early', async () => {
    const page = browser!.page;
    await browser!.signIn(rep.login, REP_PASSWORD);
    await floor.waitForState(rep.id, 'available', 15_000);
    const run = await callIn(caller, { talkMs: 60_000 });
    runs.push(run);
    await page.waitForSelector('#phone[data-state="ringing"]', { timeout: 15_000 });
    await page.click('#btn-answer');
    await page.waitForSelector('#phone[data-state="in-call"]', { timeout: 10_000 });
    const [call] = await expectEventually(async () => {
      const rows = await callsFrom(db, caller);
      expect(rows[0]?.answered_at).toBeTruthy();
      return rows;
    }, 10_000);
    await page.click('#btn-hangup');
    await page.waitForSelector('#phone[data-state="idle"]', { timeout: 10_000 });
    expect((await run.done).successful).toBe(1);

    // The form, for this call, with the rules' wrap-up time counting down.
    await page.waitForSelector(`#wrap-up[data-call-id="${call.id}"]:not([hidden])`, { timeout: 10_000 });
    await floor.waitForState(rep.id, 'wrap-up', 10_000);
    const endedAt = Date.now();
    await waitInPage(page, `/^ready in [0-9]:[0-9]{2}$/.test(document.getElementById('wrap-up-timer').textContent)`, 10_000);

    await page.check('#wrap-up-outcomes input[value="callback"]');
    await page.waitForSelector('#wrap-up-callback-at:visible');
    await page.fill('#wrap-up-callback-at', '2099-03-02T10:30');
    await page.selectOption('#wrap-up-stage', 'negotiation');
    await page.fill('#wrap-up-note', 'Wants the fleet discount confirmed by the CFO');
    await page.fill('#wrap-up-task-reason', 'Send the revised fleet offer');
    await page.fill('#wrap-up-task-due', '2099-03-01T09:00');
    await page.screenshot({ path: join(DOCS, 'workspace-wrap-up.png') });
    await page.click('#wrap-up-save');
    await page.waitForSelector('#wrap-up-saved:not([hidden])', { timeout: 10_000 });

    // The rep said "ready": available again now, not after WRAP_UP_SECONDS.
    await floor.waitForState(rep.id, 'available', 10_000);
    expect(Date.now() - endedAt).toBeLessThan(WRAP_UP_SECONDS * 1000 / 2);
    await page.waitForSelector('#agent-state[data-state="available"]', { timeout: 10_000 });

    const [wrapUp] = await db.query(`SELECT * FROM call_wrap_ups WHERE call_id = $1`, [call.id]);
    expect(wrapUp).toMatchObject({ rep_id: rep.id, outcome: 'callback', note: 'Wants the fleet discount confirmed by the CFO', deal_id: dealId, deal_status: 'open', stage_key: 'negotiation' });
    const [deal] = await db.query(`SELECT s.key, d.status FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.id = $1`, [dealId]);
    expect(deal).toEqual({ key: 'negotiation', status: 'open' });
    const tasks = await db.query(`SELECT type, status, assignee_rep_id, due_at FROM tasks WHERE source_call_id = $1 ORDER BY type`, [call.id]);
    // Routing's automatic "next contact" reminder for the answered call gave way to the rep's own plan.
    expect(tasks.map((t: { type: string; status: string; assignee_rep_id: string }) => [t.type, t.status, t.assignee_rep_id])).toEqual([
      ['callback', 'open', rep.id],
      ['follow-up', 'open', rep.id],
      ['reminder', 'cancelled', rep.id],
    ]);
    expect(new Date(tasks[0].due_at).getTime()).toBe(new Date(2099, 2, 2, 10, 30).getTime()); // the browser's local time, as the rep typed it
    expect(await db.query(`SELECT 1 FROM call_events WHERE call_id = $1 AND type = 'wrap-up'`, [call.id])).toHaveLength(1);
  }, 120_000);

  it('a signed proposal.opened puts the call-now task first in next call and a toast on the page', async () => {
    const page = browser!.page;
    const raw = JSON.stringify({ id: `crm-${randomUUID()}`, type: 'proposal.opened', occurredAt: new Date().toISOString(), data: { dealId } });
    const timestamp = Math.floor(Date.now() / 1000);
    const accepted = await testApp.http
      .post('/integrations/crm/events')
      .set('Content-Type', 'application/json')
      .set('X-Salescall-Timestamp', String(timestamp))
      .set('X-Salescall-Signature', signWebhook(SECRET, timestamp, raw))
      .send(raw)
      .expect(200);

    await page.waitForSelector(`.toast[data-deal-id="${dealId}"]`, { timeout: 10_000 });
    expect(await page.textContent(`.toast[data-deal-id="${dealId}"]`)).toContain(`${clientName} is reading the proposal`);
    await page.waitForSelector('#next-call[data-bucket="call-now"]', { timeout: 10_000 });
    expect(await page.getAttribute('#next-call', 'data-task-id')).toBe(accepted.body.taskId);
    expect(await page.textContent('#next-call-client')).toBe(clientName);
    const next = await testApp.http.get('/reps/me/next-call').set({ Authorization: `Bearer ${rep.token}` }).expect(200);
    expect([next.body.bucket, next.body.taskId, next.body.client.id]).toEqual(['call-now', accepted.body.taskId, clientId]);
    // The callback the wrap-up made is on the list too (due in 2099, so not today: only call-now shows).
    await page.waitForSelector('#my-callbacks li[data-type="call-now"]');
    await page.locator('#my-work').screenshot({ path: join(DOCS, 'workspace-my-work.png') });
    await page.screenshot({ path: join(DOCS, 'workspace-call-now.png') });
    expect(await browser!.cspViolations()).toEqual([]);
  }, 60_000);
});
