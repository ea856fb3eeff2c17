import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { expectEventually } from '../support/eventually';
import { callIn, freshCaller } from '../support/sales-floor';
import { SippRun } from '../support/sipp';
import { FaultStack } from './support/fault-stack';
import { expectAnsweredTimeline, recordsOf } from './support/journal-checks';
import { LiveDashboard } from './support/live-dashboard';
import { RemoteFloor } from './support/remote-floor';

/**
 * Redis stopped for 20 s while calls talk, end and arrive. Routing does not need Redis; the
 * recording uploads queued in BullMQ while it is down must all run once it is back, each once.
 */
const REPS = 6;
const BRIDGED_BEFORE = 4; // all end during the outage: their upload jobs are queued while Redis is down
const OUTAGE_MS = 20_000;

describe('fault: Redis stopped for 20 s during live calls', () => {
  const stack = new FaultStack();
  const floor = new RemoteFloor(() => stack.service.url);
  let dashboard: LiveDashboard;

  beforeAll(async () => {
    await stack.up();
    await floor.setUp();
    await floor.addReps(REPS);
    dashboard = new LiveDashboard(stack.service.url, floor.accessToken());
    await expectEventually(async () => expect(dashboard.snapshots.length).toBeGreaterThan(0), 10_000, 100);
  }, 120_000);

  afterAll(async () => {
    dashboard?.close();
    await floor.tearDown();
    await stack.down();
  }, 60_000);

  it('keeps routing; every recording queued during the outage is uploaded once afterwards', async () => {
    const onCall = async (): Promise<number> => [...(await floor.states()).values()].filter((state) => state === 'on-call').length;
    const before = Array.from({ length: BRIDGED_BEFORE }, freshCaller);
    const runs: SippRun[] = [];
    for (const caller of before) runs.push(await callIn(caller, { talkMs: 9_000 }));
    await expectEventually(async () => expect(await onCall()).toBe(BRIDGED_BEFORE), 8_000, 200);

    const pid = stack.service.pid();
    await stack.redis.stop();
    const outageStartedAt = Date.now();
    await expectEventually(async () => expect((await floor.health()).body.components.redis.status).toBe('down'), 5_000, 200);
    const during = [freshCaller(), freshCaller()];
    for (const caller of during) runs.push(await callIn(caller, { talkMs: 4_000 }));
    await expectEventually(async () => expect(await onCall()).toBeGreaterThanOrEqual(during.length), 6_000, 200);
    while (Date.now() - outageStartedAt < OUTAGE_MS) {
      expect((await floor.health()).body.components.redis.status).toBe('down');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(stack.service.pid()).toBe(pid);
    await stack.redis.start();
    const restartedAt = Date.now();
    await expectEventually(async () => expect((await floor.health()).body.components.redis.status).toBe('up'), 15_000, 100);
    const redisUpMs = Date.now() - restartedAt;

    const results = await Promise.all(runs.map((run) => run.done));
    expect(results.map((result) => result.successful)).toEqual(Array(runs.length).fill(1));
    const callers = [...before, ...during];
    await expectEventually(async () => {
      const records = await recordsOf(stack.postgres.url, callers);
      for (const caller of callers) {
        const rows = records.get(caller) ?? [];
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ outcome: 'answered', rep_id: expect.any(String) });
        expectAnsweredTimeline(rows[0].written);
      }
    }, 15_000, 500);

    // Every call's recording reaches S3 (status stored, with its object key), uploaded exactly once.
    const db = new Client({ connectionString: stack.postgres.url });
    await db.connect();
    let uploadedMs = 0;
    try {
      await expectEventually(async () => {
        const rows: Array<{ caller: string; status: string; key: string | null }> = (
          await db.query(`SELECT c.caller_e164 AS caller, r.status, r.object_key AS key FROM calls c JOIN recordings r ON r.call_id = c.id WHERE c.caller_e164 = ANY($1)`, [callers])
        ).rows;
        expect(rows.map((row) => row.caller).sort()).toEqual([...callers].sort());
        for (const row of rows) expect(row).toMatchObject({ status: 'stored', key: expect.any(String) });
      }, 60_000, 500);
      uploadedMs = Date.now() - restartedAt;
    } finally {
      await db.end();
    }
    // The dashboard socket connected before the outage shows the floor again (resynced through any gap).
    await expectEventually(async () => dashboard.expectShowsFloor(floor), 15_000, 250);
    const processed = stack.service.logLines().filter((line) => line.msg === 'recording processed' && line.outcome === 'stored');
    const perRecording = new Map<string, number>();
    for (const line of processed) perRecording.set(String(line.recordingId), (perRecording.get(String(line.recordingId)) ?? 0) + 1);
    expect([...perRecording.values()].filter((count) => count > 1)).toEqual([]);
    expect(perRecording.size).toBeGreaterThanOrEqual(callers.length);
    // Reconnecting is expected; an unhandled error event per attempt on stderr is not.
    expect(readFileSync(stack.service.logFile, 'utf8')).not.toContain('[ioredis] Unhandled error event');
    process.stdout.write(
      [
        `[fault redis] ${callers.length} calls (${BRIDGED_BEFORE} bridged and ending during a ${OUTAGE_MS / 1000} s outage, 2 arriving during it); service pid ${pid} stayed up`,
        `[fault redis] checked: /health redis down then up; new callers routed during the outage; every call one row with its timeline; every recording stored in S3, each uploaded once; no unhandled ioredis error events; the dashboard socket shows the floor afterwards (${dashboard.gaps.length} gaps resynced, ${dashboard.connects} connects)`,
        `[fault redis] /health redis up ${redisUpMs} ms and every recording stored ${uploadedMs} ms after Redis started`,
      ].join('\n') + '\n',
    );
  }, 240_000);
});
