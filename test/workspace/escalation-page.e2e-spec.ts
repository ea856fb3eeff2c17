import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CallRegistry } from '../../src/routing/call-registry';
import { AriClient } from '../../src/telephony/ari/ari.client';
import { expectEventually } from '../support/eventually';
import { FAST_ROUTING_ENV } from '../support/routing-env';
import { callIn, callsFrom, freshCaller, SalesFloor, timeline } from '../support/sales-floor';
import { SippRun } from '../support/sipp';
import { ensureAsterisk, restartAsterisk } from '../support/telephony';
import { startTestApp, TestApp, unique } from '../support/test-app';
import { WorkspaceBrowser } from './workspace-browser';

const REP_PASSWORD = 'rep-password-123';

/**
 * The escalation control of /workspace: a mid rep whose only phone is the page answers their
 * client there, hands the client to a SIPp strong seller with "Warm", and completes the hand-over
 * from the page; the client ends up bridged to the strong seller and the page's phone is free.
 */
describe('the workspace page: warm escalation from the in-call area', () => {
  let testApp: TestApp;
  let db: DataSource;
  let floor: SalesFloor;
  let browser: WorkspaceBrowser | undefined;
  const runs: SippRun[] = [];
  const mid = { id: '', login: unique('webmid.') };

  beforeAll(async () => {
    const env = { ...process.env, ARI_APP: 'salescall' };
    await ensureAsterisk(env);
    const dialplan = join(process.env.ASTERISK_ROOT ?? '/var/cache/salescall/asterisk-root', 'etc/asterisk/extensions.conf');
    if (existsSync(dialplan) && !readFileSync(dialplan, 'utf8').includes('Stasis(salescall,')) await restartAsterisk(env);
    testApp = await startTestApp({ ...FAST_ROUTING_ENV, RULE_ROUTING_OWNER_RING_SECONDS: '20', QUEUE_PREFIX: `salescall-escalation-page-${process.pid}` });
    db = testApp.app.get(DataSource);
    await expectEventually(async () => expect((await testApp.http.get('/health')).body.components.ari.status).toBe('up'), 15_000);
    floor = new SalesFloor(testApp);
    await floor.setUp();
    const created = await testApp.http.post('/reps').set(floor.auth()).send({ login: mid.login, displayName: 'Mid Web', password: REP_PASSWORD, teamId: floor.teamId, tier: 'mid' }).expect(201);
    mid.id = created.body.id;
    const url = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as { port: number }).port}`;
    browser = await WorkspaceBrowser.open(url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    for (const run of runs) await run.stop(500).catch(() => undefined);
    if (mid.id) await testApp?.http.patch(`/reps/${mid.id}`).set(floor.auth()).send({ enabled: false });
    await floor?.tearDown();
    await testApp?.close();
  }, 30_000);

  it('Warm, then Complete hand-over: the client is bridged to the strong seller, the page is free, the timeline has both reps', async () => {
    const page = browser!.page;
    await browser!.signIn(mid.login, REP_PASSWORD);
    await floor.waitForState(mid.id, 'available', 15_000);
    const strong = await floor.addRep('strong', 'answer', { ringMs: 500 });
    const caller = freshCaller();
    await floor.client('Page escalation client', caller, mid.id);
    runs.push(await callIn(caller, { talkMs: 40_000 }));

    await page.waitForSelector('#phone[data-state="ringing"]', { timeout: 15_000 });
    await page.waitForSelector('#pop[data-call-id]', { state: 'attached', timeout: 10_000 });
    await page.click('#btn-answer');
    await page.waitForSelector('#phone[data-state="in-call"]', { timeout: 10_000 });
    await page.waitForSelector('#escalation:not([hidden])', { timeout: 5_000 });
    const call = await expectEventually(async () => {
      const live = testApp.app.get(CallRegistry).all().find((candidate) => candidate.callerE164 === caller);
      expect(live).toMatchObject({ phase: 'connected', bridged: true, repId: mid.id });
      return live!;
    }, 10_000);
    const midLeg = call.repChannelId;

    await page.click('#esc-warm');
    await page.waitForSelector('#escalation[data-phase="ringing"]', { timeout: 5_000 });
    const ari = testApp.app.get(AriClient);
    // Consulting: the page's leg and the strong seller are in the bridge; the client is on music outside it.
    await expectEventually(async () => {
      const bridge = await ari.getBridge(call.callId);
      expect(bridge.channelIds).toHaveLength(2);
      expect(bridge.channelIds).toContain(midLeg);
      expect(bridge.channelIds).not.toContain(call.channelId);
    }, 10_000);
    await floor.waitForState(strong.id, 'on-call');

    await page.click('#esc-complete');
    // The box hides as soon as the page's own leg is hung up: attached, not necessarily visible.
    await page.waitForSelector('#escalation[data-phase="handed-over"]', { state: 'attached', timeout: 5_000 });
    await expectEventually(async () => {
      const bridge = await ari.getBridge(call.callId);
      expect(call.repId).toBe(strong.id);
      expect(bridge.channelIds).toContain(call.channelId);
      expect(bridge.channelIds).not.toContain(midLeg);
    }, 10_000);
    // The page's call ended (its leg was hung up); the rep is free for the next client.
    await page.waitForSelector('#phone[data-state="idle"]', { timeout: 10_000 });
    await floor.waitForState(mid.id, 'available');
    expect(await browser!.cspViolations()).toEqual([]);

    const [row] = await callsFrom(db, caller);
    const types = await expectEventually(async () => {
      const events = (await timeline(db, row.id)).map((event) => event.type);
      expect(events).toContain('escalation.completed');
      return events;
    });
    expect(types.filter((type) => type.startsWith('escalation.'))).toEqual(['escalation.requested', 'escalation.answered', 'escalation.completed']);
  }, 90_000);
});
