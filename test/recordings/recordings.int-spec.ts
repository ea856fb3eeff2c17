import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ObjectStorage } from '../../src/storage/object-storage';
import { RecordingCaptureService } from '../../src/recordings/recording-capture.service';
import { RecordingUploadQueue } from '../../src/recordings/recording-upload.queue';
import { readAll, RecordingNotFinishedError, RecordingUploadService, sha256Hex } from '../../src/recordings/recording-upload.service';
import { recordingObjectKey } from '../../src/recordings/recording-key.util';
import { buildWav } from '../../src/recordings/wav.util';
import { CrmFixtures } from '../crm/crm-fixtures';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, TestApp, unique } from '../support/test-app';
import { FakeRecordingSource, LocalS3, startRecordingsApp } from './recordings-harness';

/**
 * Recordings against real PostgreSQL, Redis (BullMQ) and a real s3rver of the test's own, with
 * Asterisk's stored recordings played by an in-memory source.
 */
describe('recordings: storage pipeline and trainers (integration)', () => {
  let s3: LocalS3;
  let testApp: TestApp;
  let db: DataSource;
  let storage: ObjectStorage;
  let uploads: RecordingUploadService;
  let queue: RecordingUploadQueue;
  const source = new FakeRecordingSource();
  let fx: CrmFixtures;
  let admin: string;
  let teamA: string;
  let teamB: string;
  let repA: { id: string; token: string };
  let repA2: { id: string; token: string };
  let trainerA: string;
  let trainerB: string;
  let supervisorB: string;

  beforeAll(async () => {
    s3 = await LocalS3.start();
    testApp = await startRecordingsApp(source, {
      S3_PORT: String(s3.port),
      // A queue namespace of our own: no other test process's worker may take these jobs.
      QUEUE_PREFIX: `salescall-rec-int-${process.pid}`,
      RULE_RECORDINGS_PRESIGNED_URL_SECONDS: '2',
      RULE_RECORDINGS_UPLOAD_ATTEMPTS: '12',
      RULE_RECORDINGS_UPLOAD_BACKOFF_MS: '100',
    });
    db = testApp.app.get(DataSource);
    storage = testApp.app.get(ObjectStorage);
    uploads = testApp.app.get(RecordingUploadService);
    queue = testApp.app.get(RecordingUploadQueue);
    admin = await loginAs(testApp, ADMIN.login, ADMIN.password);
    fx = new CrmFixtures(testApp, admin);
    teamA = await fx.team('Rec A');
    teamB = await fx.team('Rec B');
    repA = await fx.rep(teamA, 'strong');
    repA2 = await fx.rep(teamA, 'mid');
    trainerA = await user('trainer', teamA);
    trainerB = await user('trainer', teamB);
    supervisorB = await user('supervisor', teamB);
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await s3?.dispose();
  }, 30_000);

  const auth = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

  async function user(role: 'trainer' | 'supervisor', teamId: string): Promise<string> {
    const login = unique(role);
    await testApp.http.post('/users').set(auth(admin)).send({ login, displayName: `${role} ${login}`, password: 'password-1234', role, teamId }).expect(201);
    return loginAs(testApp, login, 'password-1234');
  }

  interface CallSpec {
    teamId?: string;
    repId?: string;
    direction?: string;
    dealStatus?: 'open' | 'won' | 'lost';
    nps?: number;
    clientId?: string;
    startedAt?: Date;
  }

  /** A finished call with a client and a deal, as the router and CRM leave them. */
  async function call(spec: CallSpec = {}): Promise<{ callId: string; clientId: string }> {
    const clientId = spec.clientId ?? (await fx.client({})).id;
    const repId = spec.repId ?? repA.id;
    const [stage] = await db.query(`SELECT id FROM pipeline_stages WHERE key = 'proposal'`);
    const status = spec.dealStatus ?? 'open';
    const [deal] = await db.query(
      `INSERT INTO deals (client_id, owner_rep_id, stage_id, status, closed_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [clientId, repId, stage.id, status, status === 'open' ? null : new Date()],
    );
    const callId = randomUUID();
    const at = spec.startedAt ?? new Date();
    await db.query(
      `INSERT INTO calls (id, direction, asterisk_channel_id, client_id, rep_id, team_id, deal_id, answered_at, ended_at, outcome, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 'answered', $8)`,
      [callId, spec.direction ?? 'inbound', `test-${callId}`, clientId, repId, spec.teamId ?? teamA, deal.id, at],
    );
    if (spec.nps !== undefined) await db.query(`INSERT INTO nps_responses (client_id, deal_id, rep_id, score) VALUES ($1, $2, $3, $4)`, [clientId, deal.id, repId, spec.nps]);
    return { callId, clientId };
  }

  /** A recording Asterisk has finished: the file waits in the (fake) spool. */
  async function finishedRecording(callId: string, file: Buffer, startedAt = new Date()): Promise<string> {
    const name = randomUUID();
    source.files.set(name, file);
    const [row] = await db.query(`INSERT INTO recordings (call_id, asterisk_name, status, started_at) VALUES ($1, $2, 'pending-upload', $3) RETURNING id`, [callId, name, startedAt]);
    return row.id;
  }

  const tone = (seconds: number, amplitude = 3000): Buffer => {
    const samples = new Int16Array(Math.round(seconds * 8000));
    for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 8000));
    return buildWav(samples);
  };

  const row = async (id: string): Promise<Record<string, any>> => (await db.query(`SELECT * FROM recordings WHERE id = $1`, [id]))[0];

  async function storedRecording(spec: CallSpec = {}, seconds = 2): Promise<{ id: string; callId: string; clientId: string; file: Buffer }> {
    const { callId, clientId } = await call(spec);
    const file = tone(seconds);
    const id = await finishedRecording(callId, file, spec.startedAt);
    await queue.enqueue(id);
    await expectEventually(async () => expect((await row(id)).status).toBe('stored'), 15_000);
    return { id, callId, clientId, file };
  }

  describe('pipeline', () => {
    it('moves a finished recording to its deterministic key, verified, then deletes it from Asterisk', async () => {
      const { callId } = await call();
      const file = tone(3);
      const id = await finishedRecording(callId, file);
      const name = (await row(id)).asterisk_name;
      await queue.enqueue(id);
      await queue.enqueue(id); // a duplicate event: same job id, one job
      const stored = await expectEventually(async () => {
        const current = await row(id);
        expect(current.status).toBe('stored');
        return current;
      }, 15_000);
      const key = recordingObjectKey(callId, new Date(stored.started_at));
      expect(stored).toMatchObject({ object_key: key, sha256: sha256Hex(file), size_bytes: String(file.length), duration_seconds: '3.00', flag: null });
      const stat = await storage.stat(key);
      expect(stat).toMatchObject({ size: file.length, metadata: expect.objectContaining({ sha256: sha256Hex(file), 'call-id': callId, 'recording-id': id }) });
      expect(sha256Hex(await readAll(await storage.get(key)))).toBe(sha256Hex(file));
      expect(source.files.has(name)).toBe(false);
      expect(source.removed).toContain(name);
    });

    it('flags a header-only file as empty and stores nothing', async () => {
      const { callId } = await call();
      const id = await finishedRecording(callId, buildWav(new Int16Array(0)));
      await queue.enqueue(id);
      const flagged = await expectEventually(async () => {
        const current = await row(id);
        expect(current.status).toBe('empty');
        return current;
      }, 15_000);
      expect(flagged).toMatchObject({ flag: 'header-only', object_key: null, duration_seconds: '0.00' });
      expect(await storage.stat(recordingObjectKey(callId, new Date(flagged.started_at)))).toBeNull();
    });

    it('storage down during 20 uploads: jobs retry, and every recording arrives verified once it is back', async () => {
      await s3.kill();
      const pending: Array<{ id: string; file: Buffer }> = [];
      for (let i = 0; i < 20; i += 1) {
        const { callId } = await call();
        const file = tone(1 + (i % 3) * 0.5, 1000 + i);
        pending.push({ id: await finishedRecording(callId, file), file });
      }
      for (const entry of pending) await queue.enqueue(entry.id);
      // Every job has failed at least twice against the dead store before it comes back.
      await expectEventually(async () => {
        const rows = await db.query(`SELECT upload_attempts, last_error, status FROM recordings WHERE id = ANY($1)`, [pending.map((entry) => entry.id)]);
        for (const current of rows) {
          expect(current.status).toBe('pending-upload');
          expect(current.upload_attempts).toBeGreaterThanOrEqual(2);
          expect(current.last_error).toMatch(/unreachable/i);
        }
      }, 20_000);
      await s3.start();
      await expectEventually(async () => {
        const rows = await db.query(`SELECT status FROM recordings WHERE id = ANY($1)`, [pending.map((entry) => entry.id)]);
        expect(rows.filter((current: { status: string }) => current.status === 'stored')).toHaveLength(20);
      }, 60_000, 200);
      for (const entry of pending) {
        const current = await row(entry.id);
        expect(current.sha256).toBe(sha256Hex(entry.file));
        expect(sha256Hex(await readAll(await storage.get(current.object_key)))).toBe(current.sha256);
      }
    }, 120_000);

    it('a partial object left by a worker killed mid-upload is replaced, not trusted', async () => {
      const { callId } = await call();
      const file = tone(2);
      const id = await finishedRecording(callId, file);
      const key = recordingObjectKey(callId, new Date((await row(id)).started_at));
      await storage.put(key, file.subarray(0, 1000), { sha256: 'partial' });
      expect(await uploads.process(id, new Date())).toBe('stored');
      const stat = await storage.stat(key);
      expect(stat).toMatchObject({ size: file.length, metadata: expect.objectContaining({ sha256: sha256Hex(file) }) });
    });

    it("proves a first upload by the store's MD5 of what it kept: no stat before the PUT, no read-back", async () => {
      const { callId } = await call();
      const file = tone(2);
      const id = await finishedRecording(callId, file);
      const stat = jest.spyOn(storage, 'stat');
      const get = jest.spyOn(storage, 'get');
      try {
        expect(await uploads.process(id, new Date())).toBe('stored');
        expect(stat).not.toHaveBeenCalled();
        expect(get).not.toHaveBeenCalled();
      } finally {
        stat.mockRestore();
        get.mockRestore();
      }
      const stored = await row(id);
      expect(stored).toMatchObject({ status: 'stored', sha256: sha256Hex(file) });
      expect(sha256Hex(await readAll(await storage.get(stored.object_key)))).toBe(sha256Hex(file));
    });

    it('reads the object back and hashes it when the ETag is not the MD5 of our bytes', async () => {
      // s3rver always answers a PUT with the MD5 of the body; a store with SSE-KMS does not, which a
      // local server cannot be made to show. Only the ETag of the real PUT's answer is replaced.
      const { callId } = await call();
      const file = tone(2);
      const id = await finishedRecording(callId, file);
      const realPut = storage.put.bind(storage);
      const put = jest.spyOn(storage, 'put').mockImplementation(async (...args) => ({ ...(await realPut(...args)), etag: 'a1b2c3-encrypted' }));
      const get = jest.spyOn(storage, 'get');
      try {
        expect(await uploads.process(id, new Date())).toBe('stored');
        expect(put).toHaveBeenCalledTimes(1);
        expect(get).toHaveBeenCalledTimes(1);
      } finally {
        put.mockRestore();
        get.mockRestore();
      }
      expect(await row(id)).toMatchObject({ status: 'stored', sha256: sha256Hex(file) });
    });

    it('two workers on the same recording at once: one object, one stored row, nothing lost', async () => {
      const { callId } = await call();
      const file = tone(2.5);
      const id = await finishedRecording(callId, file);
      const outcomes = await Promise.all([uploads.process(id, new Date()), uploads.process(id, new Date()), uploads.process(id, new Date())]);
      expect(outcomes).toContain('stored');
      for (const outcome of outcomes) expect(['stored', 'already-stored', 'recovered']).toContain(outcome);
      const current = await row(id);
      expect(current).toMatchObject({ status: 'stored', sha256: sha256Hex(file) });
      const keys = await db.query(`SELECT count(*)::int AS n FROM recordings WHERE call_id = $1`, [callId]);
      expect(keys[0].n).toBe(1);
      expect(sha256Hex(await readAll(await storage.get(current.object_key)))).toBe(sha256Hex(file));
      // Run once more after the fact: nothing changes.
      expect(await uploads.process(id, new Date())).toBe('already-stored');
    });

    it('died after the upload but before the row changed: the verified object is adopted', async () => {
      const { callId } = await call();
      const file = tone(1.5);
      const id = await finishedRecording(callId, file);
      const current = await row(id);
      const key = recordingObjectKey(callId, new Date(current.started_at));
      await storage.put(key, file, { sha256: sha256Hex(file) });
      source.files.delete(current.asterisk_name); // and Asterisk's copy was already gone
      expect(await uploads.process(id, new Date())).toBe('recovered');
      expect(await row(id)).toMatchObject({ status: 'stored', object_key: key, sha256: sha256Hex(file) });
    });

    it("Asterisk's RecordingFinished turns a recording row pending and queues its upload; a stored row stays stored", async () => {
      const capture = testApp.app.get(RecordingCaptureService);
      const { callId } = await call();
      const file = tone(1);
      const id = await finishedRecording(callId, file);
      await db.query(`UPDATE recordings SET status = 'recording' WHERE id = $1`, [id]);
      const name = (await row(id)).asterisk_name;
      const finished = (asteriskName: string) => capture.onRecordingFinished({ type: 'RecordingFinished', recording: { name: asteriskName } } as never);
      await finished(name);
      expect((await row(id)).finished_at).toBeInstanceOf(Date);
      await expectEventually(async () => expect((await row(id)).status).toBe('stored'), 15_000);
      const storedAt = (await row(id)).stored_at;
      await finished(name); // replayed: nothing moves back
      expect(await row(id)).toMatchObject({ status: 'stored', stored_at: storedAt });
      await finished('no-such-recording');
    });

    it('a recording whose RecordingFinished never came: uploaded once its call has been over for a while, not before', async () => {
      const fresh = await call();
      const freshId = await finishedRecording(fresh.callId, tone(1));
      await db.query(`UPDATE recordings SET status = 'recording' WHERE id = $1`, [freshId]);
      await expect(uploads.process(freshId, new Date())).rejects.toBeInstanceOf(RecordingNotFinishedError);
      expect(await row(freshId)).toMatchObject({ status: 'recording', upload_attempts: 0 });

      const old = await call({ startedAt: new Date(Date.now() - 10_000) });
      const file = tone(1.5);
      const oldId = await finishedRecording(old.callId, file);
      await db.query(`UPDATE recordings SET status = 'recording' WHERE id = $1`, [oldId]);
      expect(await uploads.process(oldId, new Date())).toBe('stored');
      expect(await row(oldId)).toMatchObject({ status: 'stored', upload_attempts: 1, sha256: sha256Hex(file) });
      expect((await row(oldId)).finished_at).toBeInstanceOf(Date);
    });

    it('the sweeper re-enqueues recordings whose jobs were lost', async () => {
      const { callId } = await call();
      const id = await finishedRecording(callId, tone(1));
      expect(await uploads.sweep(new Date())).toBeGreaterThanOrEqual(1);
      await expectEventually(async () => expect((await row(id)).status).toBe('stored'), 15_000);
    });
  });

  describe('trainers', () => {
    let won: { id: string; callId: string; file: Buffer };
    let lost: { id: string; callId: string };
    let otherRep: { id: string };

    beforeAll(async () => {
      won = await storedRecording({ dealStatus: 'won', nps: 9 }, 4);
      lost = await storedRecording({ dealStatus: 'lost', nps: 3, direction: 'outbound' }, 1);
      otherRep = await storedRecording({ repId: repA2.id, dealStatus: 'open' }, 2);
    }, 60_000);

    it('searches by deal status, NPS, direction and duration inside the team', async () => {
      const search = async (token: string, query: Record<string, string | number>): Promise<string[]> =>
        (await testApp.http.get('/recordings').query(query).set(auth(token)).expect(200)).body.items.map((item: { id: string }) => item.id);
      expect(await search(trainerA, { dealStatus: 'won' })).toContain(won.id);
      expect(await search(trainerA, { dealStatus: 'won' })).not.toContain(lost.id);
      expect(await search(trainerA, { npsMax: 4 })).toEqual(expect.arrayContaining([lost.id]));
      expect(await search(trainerA, { npsMax: 4 })).not.toContain(won.id);
      expect(await search(trainerA, { direction: 'outbound', dealStage: 'proposal' })).toEqual([lost.id]);
      expect(await search(trainerA, { minDuration: 3.5, repId: repA.id })).toContain(won.id);
      expect(await search(trainerA, { minDuration: 3.5, repId: repA.id })).not.toContain(lost.id);
      expect(await search(trainerB, {})).toEqual([]);
      expect(await search(repA.token, {})).not.toContain(otherRep.id);
      expect(await search(repA.token, {})).toContain(won.id);
      const page = (await testApp.http.get('/recordings').query({ limit: 1 }).set(auth(trainerA)).expect(200)).body;
      expect(page).toMatchObject({ limit: 1, offset: 0, items: [expect.objectContaining({ repName: expect.any(String), clientName: expect.any(String) })] });
      expect(page.total).toBeGreaterThanOrEqual(3);
      await testApp.http.get('/recordings').query({ npsMin: 11 }).set(auth(trainerA)).expect(400);
    });

    it("answers another team's trainer as if the recording did not exist (404) and audits the denied attempt", async () => {
      const before = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND outcome = 'denied'`, [won.id]);
      const refused = await testApp.http.get(`/recordings/${won.id}/url`).set(auth(trainerB)).expect(404);
      expect(refused.body).toEqual({ code: 'NOT_FOUND', message: `recording ${won.id} not found`, details: { entity: 'recording', id: won.id } });
      await testApp.http.get(`/recordings/${won.id}/stream`).set(auth(trainerB)).expect(404);
      await testApp.http.get(`/recordings/${won.id}/url`).set(auth(repA2.token)).expect(404);
      const after = await db.query(`SELECT action, actor_role, details FROM audit_log WHERE entity_id = $1 AND outcome = 'denied' ORDER BY id`, [won.id]);
      expect(after.length - before[0].n).toBe(3);
      expect(after.at(-3)).toMatchObject({ action: 'recording.play', actor_role: 'trainer', details: { callId: won.callId } });
      await testApp.http.get('/recordings').query({ teamId: teamA }).set(auth(trainerB)).expect(403);
      const [search] = await db.query(`SELECT details FROM audit_log WHERE action = 'recording.search' AND outcome = 'denied' ORDER BY id DESC LIMIT 1`);
      expect(search.details).toMatchObject({ teamId: teamA, reason: 'another team' });
    });

    it('plays through a presigned URL that works, is audited, and stops working after its expiry', async () => {
      const { body } = await testApp.http.get(`/recordings/${won.id}/url`).set(auth(trainerA)).expect(200);
      expect(new Date(body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(2000);
      const first = await fetch(body.url);
      expect(first.status).toBe(200);
      expect(sha256Hex(Buffer.from(await first.arrayBuffer()))).toBe(sha256Hex(won.file));
      const [audit] = await db.query(`SELECT action, actor_role, details FROM audit_log WHERE entity_id = $1 AND outcome = 'allowed' ORDER BY id DESC LIMIT 1`, [won.id]);
      expect(audit).toMatchObject({ action: 'recording.play', actor_role: 'trainer', details: { callId: won.callId, via: 'presigned-url' } });
      await expectEventually(async () => expect((await fetch(body.url)).status).toBe(403), 10_000, 250);
    });

    it('serves Range requests with 206 and exactly the bytes asked for', async () => {
      const response = await testApp.http.get(`/recordings/${won.id}/stream`).set(auth(trainerA)).set('Range', 'bytes=44-1043').buffer(true).parse(binary).expect(206);
      expect(response.headers['content-range']).toBe(`bytes 44-1043/${won.file.length}`);
      expect(response.headers['accept-ranges']).toBe('bytes');
      expect(Buffer.compare(response.body as Buffer, won.file.subarray(44, 1044))).toBe(0);
      const whole = await testApp.http.get(`/recordings/${won.id}/stream`).set(auth(repA.token)).buffer(true).parse(binary).expect(200);
      expect(sha256Hex(whole.body as Buffer)).toBe(sha256Hex(won.file));
      await testApp.http.get(`/recordings/${won.id}/stream`).set(auth(trainerA)).set('Range', `bytes=${won.file.length}-`).expect(416);
      const plays = await db.query(`SELECT actor_role, details FROM audit_log WHERE entity_id = $1 AND action = 'recording.play' AND details->>'via' = 'stream' ORDER BY id`, [won.id]);
      expect(plays.map((entry: { actor_role: string }) => entry.actor_role)).toEqual(['rep']);
    });

    it('keeps comments at time offsets and scores calls with the weighted scorecard', async () => {
      await testApp.http.post(`/recordings/${won.id}/comments`).set(auth(trainerA)).send({ offsetSeconds: 2.5, body: 'Good discovery question here' }).expect(201);
      await testApp.http.post(`/recordings/${won.id}/comments`).set(auth(trainerA)).send({ offsetSeconds: 0.5, body: 'Greeting too fast' }).expect(201);
      await testApp.http.post(`/recordings/${won.id}/comments`).set(auth(trainerA)).send({ offsetSeconds: 99, body: 'past the end' }).expect(400);
      await testApp.http.post(`/recordings/${won.id}/comments`).set(auth(trainerB)).send({ offsetSeconds: 1, body: 'not my team' }).expect(404);
      const comments = (await testApp.http.get(`/recordings/${won.id}/comments`).set(auth(trainerA)).expect(200)).body;
      expect(comments.map((comment: { offsetSeconds: number; body: string }) => [comment.offsetSeconds, comment.body])).toEqual([
        [0.5, 'Greeting too fast'],
        [2.5, 'Good discovery question here'],
      ]);
      const answers = { greeting: 5, discovery: 4, value: 4, objections: 3, 'next-step': 5 };
      const scored = await testApp.http.post(`/recordings/${won.id}/scores`).set(auth(trainerA)).send({ answers }).expect(201);
      // (1×5/5 + 3×4/5 + 3×4/5 + 2×3/5 + 3×5/5) / 12 = 9.0/12 → 83.3 (weights 1,3,3,2,3).
      expect(scored.body).toMatchObject({ score: 83.3, templateKey: 'default' });
      await testApp.http.post(`/recordings/${lost.id}/scores`).set(auth(trainerA)).send({ answers: { ...answers, discovery: 1, value: 1 } }).expect(201);
      await testApp.http.post(`/recordings/${won.id}/scores`).set(auth(repA.token)).send({ answers }).expect(403);
      await testApp.http.post(`/recordings/${won.id}/scores`).set(auth(trainerA)).send({ answers: { greeting: 9 } }).expect(400);
      const from = new Date(Date.now() - 86_400_000).toISOString();
      const to = new Date(Date.now() + 86_400_000).toISOString();
      const trends = (await testApp.http.get('/recordings/stats/trends').query({ from, to }).set(auth(trainerA)).expect(200)).body;
      const rep = trends.reps.find((entry: { repId: string }) => entry.repId === repA.id);
      expect(rep).toMatchObject({ won: expect.any(Number), lost: expect.any(Number), scores: [expect.objectContaining({ scored: 2 })] });
      expect(rep.winRate).toBeGreaterThan(0);
      // The second scorecard: (1 + 3×1/5 + 3×1/5 + 2×3/5 + 3) / 12 → 53.3; the average of both → 68.3.
      expect(rep.avgScore).toBeCloseTo((83.3 + 53.3) / 2, 0);
      expect(trends.teams).toEqual([expect.objectContaining({ teamId: teamA })]);
      await testApp.http.get('/recordings/stats/trends').query({ from, to, teamId: teamA }).set(auth(trainerB)).expect(403);
    });
  });

  describe('pause and resume', () => {
    it('lets only the rep on the call or a supervisor of the team steer it, and reports a failed resume', async () => {
      const { callId } = await call();
      const name = randomUUID();
      const [rec] = await db.query(
        `INSERT INTO recordings (call_id, asterisk_name, status, started_at, paused_windows) VALUES ($1, $2, 'recording', now() - interval '10 seconds', $3) RETURNING id`,
        [callId, name, JSON.stringify([{ fromSeconds: 4, toSeconds: null, byUserId: randomUUID() }])],
      );
      // Someone else's call reads like a missing one (404); a trainer is refused by role (403). All three are audited.
      await testApp.http.post(`/calls/${callId}/recording/pause`).set(auth(supervisorB)).expect(404);
      await testApp.http.post(`/calls/${callId}/recording/resume`).set(auth(repA2.token)).expect(404);
      await testApp.http.post(`/calls/${callId}/recording/resume`).set(auth(trainerA)).expect(403);
      const denied = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND outcome = 'denied'`, [callId]);
      expect(denied[0].n).toBe(3);
      // The rep may, but Asterisk has no such live recording: the resume fails, loudly.
      const failed = await testApp.http.post(`/calls/${callId}/recording/resume`).set(auth(repA.token)).expect(502);
      expect(failed.body).toMatchObject({ code: 'RECORDING_RESUME_FAILED', details: { callId, recordingId: rec.id } });
      const [audit] = await db.query(`SELECT action, details FROM audit_log WHERE entity_id = $1 AND outcome = 'allowed' ORDER BY id DESC LIMIT 1`, [callId]);
      expect(audit).toMatchObject({ action: 'recording.resume', details: { failed: true } });
      expect((await row(rec.id)).paused_windows).toEqual([expect.objectContaining({ toSeconds: null })]);
    });
  });

  describe('retention and erasure', () => {
    it('deletes recordings past retention unless on legal hold', async () => {
      const old = new Date(Date.now() - 400 * 86_400_000);
      const expired = await storedRecording({ startedAt: old }, 1);
      const held = await storedRecording({ startedAt: old }, 1);
      await testApp.http.patch(`/recordings/${held.id}/legal-hold`).set(auth(trainerA)).send({ legalHold: true }).expect(403);
      await testApp.http.patch(`/recordings/${held.id}/legal-hold`).set(auth(admin)).send({ legalHold: true }).expect(200);
      const expiredKey = (await row(expired.id)).object_key;
      const { RecordingRetentionService } = await import('../../src/recordings/recording-retention.service');
      expect(await testApp.app.get(RecordingRetentionService).applyRetention(new Date())).toBeGreaterThanOrEqual(1);
      expect(await row(expired.id)).toMatchObject({ status: 'deleted', object_key: null });
      expect(await storage.stat(expiredKey)).toBeNull();
      expect(await row(held.id)).toMatchObject({ status: 'stored', legal_hold: true });
    });

    it("erasing a client removes the client's recordings and leaves an audit entry without content", async () => {
      const clientId = (await fx.client({})).id;
      const first = await storedRecording({ clientId }, 1);
      const second = await storedRecording({ clientId, dealStatus: 'lost' }, 1);
      const keys = [(await row(first.id)).object_key, (await row(second.id)).object_key];
      await testApp.http.post(`/clients/${clientId}/recordings/erase`).set(auth(trainerA)).expect(403);
      const erased = await testApp.http.post(`/clients/${clientId}/recordings/erase`).set(auth(admin)).expect(200);
      expect(erased.body).toEqual({ deleted: 2 });
      for (const key of keys) expect(await storage.stat(key)).toBeNull();
      expect(await row(first.id)).toMatchObject({ status: 'deleted', object_key: null });
      const [audit] = await db.query(`SELECT action, entity_type, details FROM audit_log WHERE entity_id = $1 AND action = 'recording.erase-client'`, [clientId]);
      expect(audit).toMatchObject({ entity_type: 'client', details: { deleted: 2 } });
      expect(Object.keys(audit.details).sort()).toEqual(['deleted', 'recordingIds']);
    });
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function binary(res: any, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
