import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AriClient } from '../../src/telephony/ari/ari.client';
import { ObjectStorage } from '../../src/storage/object-storage';
import { readAll, sha256Hex } from '../../src/recordings/recording-upload.service';
import { inspectWav, pcmRms } from '../../src/recordings/wav.util';
import { expectEventually } from '../support/eventually';
import { FAST_ROUTING_ENV } from '../support/routing-env';
import { callIn, callsFrom, freshCaller, SalesFloor } from '../support/sales-floor';
import { ensureAsterisk, restartAsterisk } from '../support/telephony';
import { loginAs, startTestApp, TestApp, unique } from '../support/test-app';
import { LocalS3 } from './recordings-harness';
import { waitInPage } from '../support/page-wait';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Recordings end to end: the real Asterisk records the bridge of a call routed to a SIPp rep, the
 * service moves the file over ARI into a real s3rver, and a trainer plays it in headless Chromium.
 */
describe('recordings on the real Asterisk with SIPp', () => {
  let s3: LocalS3;
  let testApp: TestApp;
  let db: DataSource;
  let floor: SalesFloor;

  beforeAll(async () => {
    // env.ts gives test processes ARI_APP=salescall-test-int, and an Asterisk (re)started from such a
    // process routes trunk calls there; this suite places calls, so the dialplan must name "salescall".
    const env = { ...process.env, ARI_APP: 'salescall' };
    await ensureAsterisk(env);
    const dialplan = join(process.env.ASTERISK_ROOT ?? '/var/cache/salescall/asterisk-root', 'etc/asterisk/extensions.conf');
    if (existsSync(dialplan) && !readFileSync(dialplan, 'utf8').includes('Stasis(salescall,')) await restartAsterisk(env);
    s3 = await LocalS3.start();
    testApp = await startTestApp({
      ...FAST_ROUTING_ENV,
      S3_PORT: String(s3.port),
      QUEUE_PREFIX: `salescall-rec-e2e-${process.pid}`,
      RULE_RECORDINGS_UPLOAD_BACKOFF_MS: '300',
    });
    db = testApp.app.get(DataSource);
    await expectEventually(async () => expect((await testApp.http.get('/health')).body.components.ari.status).toBe('up'), 15_000);
    floor = new SalesFloor(testApp);
    await floor.setUp();
  }, 60_000);

  afterAll(async () => {
    await floor?.tearDown();
    await testApp?.close();
    await s3?.dispose();
  }, 30_000);

  const recordingOf = (callId: string): Promise<Record<string, any>> =>
    expectEventually(async () => {
      const [row] = await db.query(`SELECT * FROM recordings WHERE call_id = $1`, [callId]);
      expect(row).toBeTruthy();
      return row;
    }, 15_000);

  const answeredCall = (caller: string): Promise<{ id: string; rep_id: string; client_id: string; deal_id: string }> =>
    expectEventually(async () => {
      const [call] = await callsFrom(db, caller);
      expect(call?.answered_at).toBeTruthy();
      return call as never;
    }, 20_000);

  const until = (at: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

  let stored: Record<string, any>;
  let repLogin: string;

  it('records a routed call, pauses and resumes it, and stores a verified object with the call metadata', async () => {
    const rep = await floor.addRep('strong', 'answer');
    repLogin = rep.login;
    const repToken = await loginAs(testApp, rep.login, 'rep-password-123');
    const caller = freshCaller();
    const run = await callIn(caller, { talkMs: 7000 });
    const call = await answeredCall(caller);
    const recording = await recordingOf(call.id);
    expect(recording).toMatchObject({ status: 'recording', asterisk_name: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const started = new Date(recording.started_at).getTime();
    await until(started + 1500);
    await testApp.http.post(`/calls/${call.id}/recording/pause`).set({ Authorization: `Bearer ${repToken}` }).expect(200);
    await until(started + 3500);
    await testApp.http.post(`/calls/${call.id}/recording/resume`).set({ Authorization: `Bearer ${repToken}` }).expect(200);
    expect((await run.done).successful).toBe(1);

    stored = await expectEventually(async () => {
      const [row] = await db.query(`SELECT * FROM recordings WHERE id = $1`, [recording.id]);
      expect(row.status).toBe('stored');
      return row;
    }, 30_000);
    const storage = testApp.app.get(ObjectStorage);
    const file = await readAll(await storage.get(stored.object_key));
    expect(sha256Hex(file)).toBe(stored.sha256);
    expect((await storage.stat(stored.object_key))?.metadata).toMatchObject({ sha256: stored.sha256, 'call-id': call.id, 'recording-id': recording.id });
    expect(stored.object_key).toMatch(new RegExp(`^recordings/\\d{4}/\\d{2}/\\d{2}/${call.id}\\.wav$`));
    // Asterisk's copy is gone once the object is verified.
    await expect(testApp.app.get(AriClient).getStoredRecording(recording.asterisk_name)).rejects.toMatchObject({ status: 404 });

    const admin = floor.auth();
    const detail = (await testApp.http.get(`/recordings/${recording.id}`).set(admin).expect(200)).body;
    expect(detail).toMatchObject({ callId: call.id, repId: rep.id, teamId: floor.teamId, clientId: call.client_id, dealId: call.deal_id, direction: 'inbound', outcome: 'answered', sha256: stored.sha256 });

    const [window] = stored.paused_windows as Array<{ fromSeconds: number; toSeconds: number }>;
    const verdict = inspectWav(file);
    const inside = pcmRms(file, window.fromSeconds + 0.3, window.toSeconds - 0.3);
    const before = pcmRms(file, 0.2, window.fromSeconds - 0.2);
    const after = pcmRms(file, window.toSeconds + 0.3, Math.min(window.toSeconds + 2.3, Number(stored.duration_seconds)));
    process.stdout.write(`recording ${stored.duration_seconds} s (${verdict.kind}), paused ${window.fromSeconds}–${window.toSeconds} s; RMS before ${before.toFixed(1)}, paused ${inside.toFixed(1)}, after ${after.toFixed(1)}\n`);
    expect(window.toSeconds - window.fromSeconds).toBeGreaterThan(1.5);
    expect(before).toBeGreaterThan(100);
    expect(after).toBeGreaterThan(100);
    expect(inside).toBeLessThan(Math.min(before, after) / 10);
  }, 60_000);

  it('serves the stored call with Range (206) and answers a trainer of another team as if it did not exist', async () => {
    const otherTeam = (await testApp.http.post('/teams').set(floor.auth()).send({ name: unique('Other ') }).expect(201)).body.id;
    const stranger = unique('trainer');
    await testApp.http.post('/users').set(floor.auth()).send({ login: stranger, displayName: 'Stranger', password: 'password-1234', role: 'trainer', teamId: otherTeam }).expect(201);
    const token = await loginAs(testApp, stranger, 'password-1234');
    await testApp.http.get(`/recordings/${stored.id}/url`).set({ Authorization: `Bearer ${token}` }).expect(404);
    const [denied] = await db.query(`SELECT outcome FROM audit_log WHERE entity_id = $1 AND actor_role = 'trainer' ORDER BY id DESC LIMIT 1`, [stored.id]);
    expect(denied).toEqual({ outcome: 'denied' });
    const ranged = await testApp.http.get(`/recordings/${stored.id}/stream`).set(floor.auth()).set('Range', 'bytes=100-199').expect(206);
    expect(ranged.headers['content-range']).toBe(`bytes 100-199/${stored.size_bytes}`);
  });

  it('storage stopped during calls: the recordings arrive, verified, after it returns', async () => {
    await s3.kill();
    const rep = await floor.addRep('strong', 'answer');
    const callers = [freshCaller(), freshCaller()];
    for (const caller of callers) expect((await (await callIn(caller, { talkMs: 1500 })).done).successful).toBe(1);
    const ids: string[] = [];
    for (const caller of callers) ids.push((await recordingOf((await answeredCall(caller)).id)).id);
    await expectEventually(async () => {
      const rows = await db.query(`SELECT status, upload_attempts, last_error FROM recordings WHERE id = ANY($1)`, [ids]);
      for (const row of rows) expect(row).toMatchObject({ status: 'pending-upload', last_error: expect.stringMatching(/unreachable/i) });
    }, 20_000);
    await s3.start();
    const rows = await expectEventually(async () => {
      const current = await db.query(`SELECT status, object_key, sha256 FROM recordings WHERE id = ANY($1)`, [ids]);
      expect(current.map((row: { status: string }) => row.status)).toEqual(['stored', 'stored']);
      return current;
    }, 30_000, 200);
    const storage = testApp.app.get(ObjectStorage);
    for (const row of rows) expect(sha256Hex(await readAll(await storage.get(row.object_key)))).toBe(row.sha256);
    expect(rep.id).toBeTruthy();
  }, 60_000);

  it("the trainers' page plays the recording and saves a comment in headless Chromium", async () => {
    const trainer = unique('trainer');
    await testApp.http.post('/users').set(floor.auth()).send({ login: trainer, displayName: 'Page Trainer', password: 'password-1234', role: 'trainer', teamId: floor.teamId }).expect(201);
    const address = testApp.app.getHttpServer().address() as { port: number };
    const profile = mkdtempSync(join(tmpdir(), 'salescall-chromium-'));
    // A fresh profile per run; playwright adds --headless itself. The page runs under its real CSP.
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS.filter((arg) => arg !== '--headless'), headless: true });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${address.port}/trainer`);
      await page.fill('#login input[name=login]', trainer);
      await page.fill('#login input[name=password]', 'password-1234');
      await page.click('#login button[type=submit]');
      await page.locator(`#list tbody tr[data-id="${stored.id}"]`).click();
      // Browser-side code as strings: the test's TypeScript has no DOM types.
      await waitInPage(page, `document.querySelector('#audio').readyState >= 2`, 15_000);
      await page.evaluate(`(() => { const audio = document.querySelector('#audio'); audio.muted = true; audio.currentTime = 2; return audio.play(); })()`);
      await waitInPage(page, `document.querySelector('#audio').currentTime > 2.2`, 15_000);
      await page.evaluate(`document.querySelector('#audio').pause()`);
      const body = `Objection handled well ${randomUUID().slice(0, 8)}`;
      await page.fill('#comment-form input[name=body]', body);
      await page.click('#comment-form button[type=submit]');
      await page.locator('#comments li', { hasText: body }).waitFor({ timeout: 10_000 });
      await page.locator('#timeline .mark').first().waitFor({ timeout: 5_000 });
      const [comment] = await db.query(`SELECT offset_seconds::float AS at FROM recording_comments WHERE recording_id = $1 AND body = $2`, [stored.id, body]);
      expect(comment.at).toBeGreaterThan(2);
      const [played] = await db.query(`SELECT details FROM audit_log WHERE entity_id = $1 AND action = 'recording.play' AND actor_role = 'trainer' ORDER BY id DESC LIMIT 1`, [stored.id]);
      expect(played.details).toMatchObject({ callId: stored.call_id, via: 'presigned-url' });
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
    expect(repLogin).toBeTruthy();
  }, 60_000);
});
