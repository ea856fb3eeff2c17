import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { readAll } from '../../src/recordings/recording-upload.service';
import { inspectWav } from '../../src/recordings/wav.util';
import { ObjectStorage } from '../../src/storage/object-storage';
import { AriClient } from '../../src/telephony/ari/ari.client';
import { expectEventually } from '../support/eventually';
import { FAST_ROUTING_ENV } from '../support/routing-env';
import { callIn, callsFrom, freshCaller, SalesFloor, timeline } from '../support/sales-floor';
import { SippRun, startSippOnFreePort } from '../support/sipp';
import { ensureAsterisk, restartAsterisk } from '../support/telephony';
import { loginAs, startTestApp, TestApp, unique } from '../support/test-app';
import { LocalS3 } from '../recordings/recordings-harness';
import { toneAndRest } from './audio-probe';
import { MIC_TONE_HZ, WorkspaceBrowser } from './workspace-browser';
import { waitInPage } from '../support/page-wait';

const DOCS = resolve(__dirname, '../../docs');
const ASTERISK_LOG = join(process.env.ASTERISK_ROOT ?? '/var/cache/salescall/asterisk-root', 'var/log/asterisk/messages.log');
const REP_PASSWORD = 'rep-password-123';

/**
 * The reps' workspace end to end: a SIPp trunk caller (a known client with an open deal) is
 * routed by the real Asterisk to a rep whose only phone is the /workspace page in headless
 * Chromium (JsSIP over WebSocket, WebRTC media); the page shows the client's card before the rep
 * answers, the rep answers and hangs up in the page, and the bridge recording that the pipeline
 * stores in S3 carries both sides: the browser's microphone tone and the caller's audio.
 */
describe('the workspace page: browser softphone and screen pop', () => {
  let s3: LocalS3;
  let testApp: TestApp;
  let db: DataSource;
  let floor: SalesFloor;
  let browser: WorkspaceBrowser | undefined;
  const runs: SippRun[] = [];
  const caller = freshCaller();
  const rep = { id: '', login: unique('web.'), token: '' };
  const colleague = { id: '', login: unique('web.'), token: '' };
  let clientName = '';
  let dealId = '';
  let firstCallId = '';

  beforeAll(async () => {
    // Calls from the trunk must reach the "salescall" app this suite holds (see recordings.e2e-spec.ts).
    const env = { ...process.env, ARI_APP: 'salescall' };
    await ensureAsterisk(env);
    const dialplan = join(process.env.ASTERISK_ROOT ?? '/var/cache/salescall/asterisk-root', 'etc/asterisk/extensions.conf');
    if (existsSync(dialplan) && !readFileSync(dialplan, 'utf8').includes('Stasis(salescall,')) await restartAsterisk(env);
    s3 = await LocalS3.start();
    testApp = await startTestApp({
      ...FAST_ROUTING_ENV,
      // Time to look at the card before answering: the owner's phone rings this long.
      RULE_ROUTING_OWNER_RING_SECONDS: '20',
      RULE_ROUTING_REP_RING_SECONDS: '20',
      S3_PORT: String(s3.port),
      QUEUE_PREFIX: `salescall-workspace-e2e-${process.pid}`,
      RULE_RECORDINGS_UPLOAD_BACKOFF_MS: '300',
    });
    db = testApp.app.get(DataSource);
    await expectEventually(async () => expect((await testApp.http.get('/health')).body.components.ari.status).toBe('up'), 15_000);
    floor = new SalesFloor(testApp);
    await floor.setUp();
    for (const who of [rep, colleague]) {
      // No desk phone at all: the browser is the rep's only phone.
      const created = await testApp.http.post('/reps').set(floor.auth()).send({ login: who.login, displayName: who === rep ? 'Mara Web' : 'Colleague', password: REP_PASSWORD, teamId: floor.teamId, tier: 'strong' }).expect(201);
      who.id = created.body.id;
      who.token = await loginAs(testApp, who.login, REP_PASSWORD);
    }
    clientName = `Schmidt Bau GmbH ${Date.now().toString(36).slice(-4).toUpperCase()}`;
    const clientId = await floor.client(clientName, caller, rep.id);
    dealId = (await testApp.http.post('/deals').set(floor.auth()).send({ clientId, stageKey: 'proposal', amount: 12500, currency: 'EUR' }).expect(201)).body.id;
    const url = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as { port: number }).port}`;
    browser = await WorkspaceBrowser.open(url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    for (const run of runs) await run.stop(500).catch(() => undefined);
    for (const who of [rep, colleague]) if (who.id) await testApp?.http.patch(`/reps/${who.id}`).set(floor.auth()).send({ enabled: false });
    await testApp?.close();
    await s3?.dispose();
  }, 30_000);

  it('a rep signed in on the page is routable: the browser registers and the rep becomes available', async () => {
    const page = browser!.page;
    await browser!.signIn(rep.login, REP_PASSWORD);
    await floor.waitForState(rep.id, 'available', 15_000);
    await page.waitForSelector('#agent-state[data-state="available"]', { timeout: 10_000 });
    // The browser's SIP account is the logged-in rep's own: nobody else (not even an admin) gets one.
    expect((await testApp.http.post('/workspace/softphone/session').set(floor.auth()).expect(403)).body.code).toBe('FORBIDDEN');
    await testApp.http.post('/workspace/softphone/session').expect(401);
    const registration = (await testApp.http.get(`/reps/${rep.id}/registration`).set(floor.auth()).expect(200)).body;
    // The desk account has no phone; the rep is reachable through the browser endpoint alone.
    expect(registration.state).not.toBe('online');
  }, 60_000);

  it('rings the page with the client card before answering; answer and hang up in the page; the recording has both sides', async () => {
    const page = browser!.page;
    const run = await callIn(caller, { talkMs: 60_000 });
    runs.push(run);
    await page.waitForSelector('#phone[data-state="ringing"]', { timeout: 15_000 });
    await page.waitForSelector(`#pop-deal[data-deal-id="${dealId}"]`, { timeout: 10_000 });
    const [ringing] = await callsFrom(db, caller);
    firstCallId = ringing.id;
    // The card is there while the phone still rings: nobody has answered yet.
    expect(ringing.answered_at).toBeNull();
    expect(await page.getAttribute('#phone', 'data-state')).toBe('ringing');
    expect(await page.textContent('#pop-title')).toBe(clientName);
    expect(await page.textContent('#pop-number')).toBe(caller);
    expect(await page.textContent('#pop-deal')).toBe('Proposal sent · €12,500.00');
    expect(await page.textContent('#pop-owner')).toBe('you');
    expect(await page.textContent('#pop-why')).toBe('Why you: You own this client (client owner is available)');
    expect(await page.textContent('#pop-temperature')).toBeTruthy();

    // The card's endpoint: the rep it rings may read it; a colleague may not; nobody without a token.
    await testApp.http.get(`/workspace/calls/${firstCallId}/pop`).set({ Authorization: `Bearer ${rep.token}` }).expect(200);
    expect((await testApp.http.get(`/workspace/calls/${firstCallId}/pop`).set({ Authorization: `Bearer ${colleague.token}` }).expect(404)).body.code).toBe('NOT_FOUND');
    await testApp.http.get(`/workspace/calls/${firstCallId}/pop`).expect(401);
    await page.click('#btn-answer');
    await page.waitForSelector('#phone[data-state="in-call"]', { timeout: 10_000 });
    const answered = await expectEventually(async () => {
      const [row] = await callsFrom(db, caller);
      expect(row.answered_at).toBeTruthy();
      return row;
    }, 10_000);
    expect(answered).toMatchObject({ rep_id: rep.id, route: 'owner' });
    await floor.waitForState(rep.id, 'on-call');
    // Media both ways through WebRTC, and long enough in the bridge to measure.
    const media = await expectEventually(async () => {
      const stats = await browser!.audioStats();
      expect(stats.bytesReceived).toBeGreaterThan(10_000);
      expect(stats.bytesSent).toBeGreaterThan(10_000);
      expect(await page.textContent('#call-timer')).toMatch(/^0:0[4-9]$/);
      return stats;
    }, 15_000, 250);
    process.stdout.write(`workspace media: ${media.codec} via local candidate ${media.localCandidate}, ${media.bytesReceived} bytes in, ${media.bytesSent} out, remote audio level ${media.audioLevel.toFixed(3)}\n`);
    await page.screenshot({ path: join(DOCS, 'workspace-in-call.png') });

    // Mute: the microphone's tone stops reaching the bridge while it is on (measured in the recording below).
    const [recordingStart] = await db.query(`SELECT started_at FROM recordings WHERE call_id = $1`, [firstCallId]);
    const mutedFrom = Date.now();
    await page.click('#btn-mute');
    await page.waitForSelector('#btn-mute[aria-pressed="true"]');
    await new Promise((resolveWait) => setTimeout(resolveWait, 2500)); // a window of muted audio to measure, not a wait for a condition
    const mutedTo = Date.now();
    await page.click('#btn-mute');
    await page.waitForSelector('#btn-mute[aria-pressed="false"]');

    // Keypad: RFC 4733 telephone-events arrive as DTMF on the rep's leg in Asterisk.
    const ari = testApp.app.get(AriClient);
    const digits: string[] = [];
    const stopListening = ari.events.on('ChannelDtmfReceived', (event) => {
      if (event.channel.name.includes('.web')) digits.push(event.digit);
    });
    try {
      await page.click('#keypad button[data-digit="5"]');
      await page.click('#keypad button[data-digit="#"]');
      await expectEventually(() => expect(digits).toEqual(['5', '#']), 5_000);
    } finally {
      stopListening();
    }

    // Hold from the page (a re-INVITE with a=sendonly): Asterisk plays music to the caller, and
    // stops it on resume. Its own log is the witness: MOH on a channel raises no ARI event.
    const callerChannel = (await ari.getChannel((answered as unknown as { asterisk_channel_id: string }).asterisk_channel_id)).name;
    const mohLines = (what: 'Started' | 'Stopped'): number =>
      readFileSync(ASTERISK_LOG, 'utf8')
        .split('\n')
        .filter((line) => (what === 'Started' ? line.includes(`Started music on hold, class 'default', on channel '${callerChannel}'`) : line.trimEnd().endsWith(`Stopped music on hold on ${callerChannel}`))).length;
    // The caller heard music once already, while the page rang.
    const [startedBefore, stoppedBefore] = [mohLines('Started'), mohLines('Stopped')];
    await page.click('#btn-hold');
    await page.waitForSelector('#btn-hold[aria-pressed="true"]');
    await expectEventually(() => expect(mohLines('Started')).toBe(startedBefore + 1), 5_000, 100);
    await page.click('#btn-hold');
    await page.waitForSelector('#btn-hold[aria-pressed="false"]');
    await expectEventually(() => expect(mohLines('Stopped')).toBe(stoppedBefore + 1), 5_000, 100);

    await page.click('#btn-hangup');
    await page.waitForSelector('#phone[data-state="idle"]', { timeout: 10_000 });
    expect((await run.done).successful).toBe(1);
    const ended = await expectEventually(async () => {
      const [row] = await callsFrom(db, caller);
      expect(row.outcome).toBe('answered');
      return row;
    }, 10_000);
    expect(ended.hangup_cause).toMatch(/^rep hangup/);
    expect(ended.talk_seconds).toBeGreaterThanOrEqual(3);

    const stored = await expectEventually(async () => {
      const [row] = await db.query(`SELECT * FROM recordings WHERE call_id = $1`, [firstCallId]);
      expect(row?.status).toBe('stored');
      return row;
    }, 30_000);
    const file = await readAll(await testApp.app.get(ObjectStorage).get(stored.object_key));
    const verdict = inspectWav(file);
    expect(verdict.kind).toBe('audio');
    const seconds = Number(stored.duration_seconds);
    const { tone, rest } = toneAndRest(file, MIC_TONE_HZ, 0.5, Math.min(3.5, seconds - 0.2));
    const startedAt = new Date(recordingStart.started_at).getTime();
    const muted = toneAndRest(file, MIC_TONE_HZ, (mutedFrom - startedAt) / 1000 + 0.5, (mutedTo - startedAt) / 1000 - 0.3);
    process.stdout.write(`workspace recording ${seconds} s: browser tone amplitude ${tone.toFixed(0)} at ${MIC_TONE_HZ} Hz (muted: ${muted.tone.toFixed(0)}), caller audio RMS ${rest.toFixed(0)}\n`);
    // The browser's microphone (a 0.3 full-scale tone) and the caller's recorded speech, each clearly there.
    expect(tone).toBeGreaterThan(1000);
    expect(rest).toBeGreaterThan(200);
    expect(muted.tone).toBeLessThan(tone / 10);
  }, 120_000);

  it('the next call shows the last one with a playable recording; declining in the page is a busy offer on the call’s timeline', async () => {
    const page = browser!.page;
    await floor.waitForState(rep.id, 'available');
    const run = await callIn(caller, { hangupAfterMs: 8_000 });
    runs.push(run);
    await page.waitForSelector('#phone[data-state="ringing"]', { timeout: 15_000 });
    await page.waitForSelector('#pop-calls button.play', { timeout: 10_000 });
    expect(await page.textContent('#pop-calls tr')).toContain('answered');
    await page.screenshot({ path: join(DOCS, 'workspace-ringing.png') });
    await page.click('#pop-calls button.play');
    await waitInPage(page, `(() => { const audio = document.getElementById('recording-audio'); return !audio.hidden && audio.readyState >= 1 && audio.duration > 1; })()`, 10_000);

    await page.click('#btn-decline');
    // The lone rep may be rung again at once (the ladder starts a new round): the timeline is the witness.
    const [, second] = await callsFrom(db, caller);
    await expectEventually(async () => {
      const events = await timeline(db, second.id);
      expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'offer.failed', data: expect.objectContaining({ repId: rep.id, reason: 'busy' }) })]));
    }, 10_000);
    // The caller gives up (CANCEL): the rep, rung again meanwhile, is free once more.
    await run.done;
    await floor.waitForState(rep.id, 'available');
  }, 90_000);

  it('an unknown caller rings as a new lead, with the deal this call just opened', async () => {
    const page = browser!.page;
    await floor.waitForState(rep.id, 'available');
    const stranger = freshCaller();
    const run = await callIn(stranger, { hangupAfterMs: 8_000 });
    runs.push(run);
    await page.waitForSelector('#phone[data-state="ringing"]', { timeout: 15_000 });
    // The lead and its deal are written just behind the ring; the page looks again until they are there.
    await page.waitForSelector('#pop-temperature[data-new="true"]', { timeout: 10_000 });
    await waitInPage(page, `document.getElementById('pop-deal').textContent.includes('(opened by this call)')`, 10_000);
    const [call] = await callsFrom(db, stranger);
    expect(await page.getAttribute('#pop-deal', 'data-deal-id')).toBe(call.deal_id);
    expect(await page.textContent('#pop-title')).toBe('New lead');
    expect(await page.textContent('#pop-number')).toBe(stranger);
    expect(await page.textContent('#pop-temperature')).toBe('new lead');
    expect(await page.textContent('#pop-owner')).toBe('no owner yet');
    await run.done;
  }, 60_000);

  it('each page session gets a new browser password: the previous one no longer authenticates at Asterisk', async () => {
    const session = async (): Promise<{ username: string; password: string; uri: string; webSocketUrl: string; realm: string; provisioned: boolean }> =>
      (await testApp.http.post('/workspace/softphone/session').set({ Authorization: `Bearer ${colleague.token}` }).expect(200)).body;
    const first = await session();
    const second = await session();
    expect(first).toMatchObject({ username: `${first.username.replace(/\.web$/, '')}.web`, uri: `sip:${first.username}@127.0.0.1`, webSocketUrl: 'ws://127.0.0.1:8088/ws', realm: 'salescall', provisioned: true });
    expect(second.username).toBe(first.username);
    expect(second.password).not.toBe(first.password);
    // REGISTER with Expires: 0 is challenged like any other but binds nothing: the colleague never becomes routable.
    const check = async (password: string): Promise<number> => {
      const run = await startSippOnFreePort({ scenario: 'register.xml', remote: '127.0.0.1:5060', service: first.username, authPassword: password, vars: { expires: 0 }, globalTimeoutMs: 15_000 });
      runs.push(run);
      return (await run.done).successful;
    };
    expect(await check(first.password)).toBe(0);
    expect(await check(second.password)).toBe(1);
  }, 60_000);

  it("the page did all of the above under the service's Content-Security-Policy, without one refusal", async () => {
    expect(await browser!.cspViolations()).toEqual([]);
  });
});
