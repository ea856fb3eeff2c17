import { expectEventually } from '../support/eventually';
import { callIn, freshCaller } from '../support/sales-floor';
import { SippRun } from '../support/sipp';
import { FaultStack } from './support/fault-stack';
import { expectAnsweredTimeline, recordingsOf, recordsOf, storedObjectSize, storedRepStates } from './support/journal-checks';
import { LiveDashboard } from './support/live-dashboard';
import { RemoteFloor } from './support/remote-floor';

/**
 * PostgreSQL stopped for 20 s while calls talk and new callers arrive. Routing runs from memory;
 * every journal write made during the outage must land afterwards, in order per call, exactly once,
 * and so must the recording rows (each recording then stored) and the reps' stored states.
 */
const REPS = 12;
const BRIDGED_BEFORE = 10; // half end during the outage, half after it
const OUTAGE_MS = 20_000;

describe('fault: PostgreSQL stopped for 20 s during live calls', () => {
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

  it('keeps routing, and writes every call made during the outage once it is over', async () => {
    const onCall = async (): Promise<number> => [...(await floor.states()).values()].filter((state) => state === 'on-call').length;
    const shortCallers = Array.from({ length: BRIDGED_BEFORE / 2 }, freshCaller);
    const longCallers = Array.from({ length: BRIDGED_BEFORE / 2 }, freshCaller);
    const runs: SippRun[] = [];
    const startedAt = Date.now();
    // Short calls end while PostgreSQL is down (they started ≤ 8 s before it stops); long ones after.
    for (const caller of shortCallers) runs.push(await callIn(caller, { talkMs: 16_000 }));
    for (const caller of longCallers) runs.push(await callIn(caller, { talkMs: 45_000 }));
    await expectEventually(async () => expect(await onCall()).toBe(BRIDGED_BEFORE), 8_000, 200);
    expect(Date.now() - startedAt).toBeLessThan(8_000);

    const knownCaller = freshCaller();
    await floor.http().post('/clients').set(floor.auth()).send({ name: 'Known caller', phones: [knownCaller] }).expect(201);

    const pid = stack.service.pid();
    await stack.postgres.stop();
    const outageStartedAt = Date.now();
    await expectEventually(async () => expect((await floor.health()).body.components.postgres.status).toBe('down'), 5_000, 200);

    // New callers during the outage: the two free reps take two of them; the third finds nobody and gives up.
    // One of them a known client: whether they refused recording cannot be read while PostgreSQL is down.
    const answeredDuring = [freshCaller(), knownCaller];
    const abandonedDuring = freshCaller();
    for (const caller of answeredDuring) runs.push(await callIn(caller, { talkMs: 6_000 }));
    await expectEventually(async () => expect(await onCall()).toBe(REPS), 6_000, 200);
    const giveUp = await callIn(abandonedDuring, { hangupAfterMs: 3_000 });
    let peakBacklog = 0;
    while (Date.now() - outageStartedAt < OUTAGE_MS) {
      const { body } = await floor.health();
      expect(body.components.postgres.status).toBe('down');
      peakBacklog = Math.max(peakBacklog, Number((body.components.postgres.details?.journal as { pending: number }).pending));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(stack.service.pid()).toBe(pid);
    expect(process.kill(pid as number, 0)).toBe(true);

    await stack.postgres.start();
    const restartedAt = Date.now();
    await expectEventually(async () => expect((await floor.health()).body.components.postgres.status).toBe('up'), 10_000, 100);
    const healthUpMs = Date.now() - restartedAt;
    await expectEventually(async () => expect((await floor.health()).body.components.postgres.details?.journal).toMatchObject({ pending: 0 }), 15_000, 100);
    const backlogDrainedMs = Date.now() - restartedAt;

    const results = await Promise.all(runs.map((run) => run.done));
    expect(results.map((result) => result.successful)).toEqual(Array(runs.length).fill(1));
    expect((await giveUp.done).successful).toBe(1);

    const answered = [...shortCallers, ...longCallers, ...answeredDuring];
    await expectEventually(async () => {
      const records = await recordsOf(stack.postgres.url, [...answered, abandonedDuring]);
      for (const caller of answered) {
        const rows = records.get(caller) ?? [];
        expect(rows).toHaveLength(1);
        const [row] = rows;
        expect(row).toMatchObject({ outcome: 'answered', rep_id: expect.any(String), client_id: expect.any(String), deal_id: expect.any(String) });
        expect(row.ended_at).toBeTruthy();
        expectAnsweredTimeline(row.written);
        expect(row.tasks).toEqual([{ type: 'reminder', status: 'open' }]);
      }
      const [abandoned, ...extra] = records.get(abandonedDuring) ?? [];
      expect(extra).toEqual([]);
      expect(abandoned).toMatchObject({ outcome: 'abandoned', rep_id: null, client_id: expect.any(String), deal_id: expect.any(String) });
      expect(abandoned.written[0]).toBe('call.started');
      expect(abandoned.written[abandoned.written.length - 1]).toBe('call.ended');
      expect(abandoned.tasks).toEqual([{ type: 'callback', status: 'open' }]);
    }, 15_000, 500);

    // Every answered call's recording row landed after the outage and its recording reached S3.
    await expectEventually(async () => {
      const recordings = await recordingsOf(stack.postgres.url, answered);
      expect(recordings.map((recording) => recording.caller).sort()).toEqual([...answered].sort());
      for (const recording of recordings) expect(recording).toMatchObject({ status: 'stored', key: expect.any(String), size: expect.any(Number) });
      for (const recording of recordings) expect(await storedObjectSize(stack.s3.port, recording.key as string)).toBe(recording.size);
    }, 60_000, 500);
    const recordingsStoredMs = Date.now() - restartedAt;
    // The reps' stored states are the floor's (the write-behind retried what the outage refused), and so is the dashboard.
    await expectEventually(async () => {
      const floorStates = await floor.states();
      const stored = await storedRepStates(stack.postgres.url, floor.reps.map((rep) => rep.id));
      for (const rep of floor.reps) expect(`${rep.id} ${stored.get(rep.id)}`).toBe(`${rep.id} ${floorStates.get(rep.id)}`);
      await dashboard.expectShowsFloor(floor);
    }, 15_000, 250);

    expect((await floor.health()).body.components.postgres.details?.journal).toMatchObject({ dropped: 0, failed: 0 });
    const log = stack.service.logLines();
    expect(log.filter((line) => line.msg === 'call journal write failed; retrying until it lands').length).toBeGreaterThan(0);
    expect(log.filter((line) => line.msg === 'call journal write given up' || line.msg === 'call journal full: write dropped')).toEqual([]);
    process.stdout.write(
      [
        `[fault postgres] ${runs.length + 1} calls (${BRIDGED_BEFORE} bridged before, 3 arriving during a ${OUTAGE_MS / 1000} s outage); service pid ${pid} stayed up`,
        `[fault postgres] checked: /health postgres down during the outage and up after; every SIPp call completed; every call has exactly one row with outcome, rep, client, deal, a timeline written in order, a reminder (answered) or a callback (abandoned)`,
        `[fault postgres] checked: every answered call's recording row written and its object stored in S3 (size matches) ${recordingsStoredMs} ms after PostgreSQL started; reps' agent_state in the database equals the floor; the dashboard socket stayed connected and shows the floor (${dashboard.gaps.length} gaps resynced)`,
        `[fault postgres] largest journal backlog seen: ${peakBacklog} writes; /health up ${healthUpMs} ms and backlog drained ${backlogDrainedMs} ms after PostgreSQL started`,
      ].join('\n') + '\n',
    );
  }, 240_000);

  it('degrades loudly when the backlog would pass its bound: error log, counter, /health degraded; routing goes on', async () => {
    await stack.restartService({ JOURNAL_MAX_PENDING: '10' });
    await expectEventually(async () => {
      const states = await floor.states();
      for (const rep of floor.reps) expect(states.get(rep.id)).toBe('available');
    }, 20_000, 200);
    await stack.postgres.stop();
    stack.service.markLog();
    try {
      const callers = [freshCaller(), freshCaller(), freshCaller(), freshCaller()];
      const runs = [];
      for (const caller of callers) runs.push(await callIn(caller, { talkMs: 1_500 }));
      const results = await Promise.all(runs.map((run) => run.done));
      // Routing does not depend on the journal: every call was answered by a rep.
      expect(results.map((result) => result.successful)).toEqual([1, 1, 1, 1]);
      const health = await expectEventually(async () => {
        const response = await floor.health();
        expect(response.body.components.postgres.details?.journal).toMatchObject({ pending: 10, maxPending: 10, dropped: expect.any(Number) });
        expect(Number((response.body.components.postgres.details?.journal as { dropped: number }).dropped)).toBeGreaterThan(0);
        return response;
      }, 10_000, 200);
      const log = stack.service.logLines();
      expect(log.filter((line) => line.msg === 'call journal backlog over 80 % of its bound' && line.level === 40)).toHaveLength(1);
      const dropped = log.filter((line) => line.msg === 'call journal full: write dropped' && line.level === 50);
      expect(dropped.length).toBe((health.body.components.postgres.details?.journal as { dropped: number }).dropped);
      await stack.postgres.start();
      // The loss stays visible after the database is back: /health reports degraded until a restart.
      await expectEventually(async () => {
        const response = await floor.health();
        expect(response.body.components.postgres).toMatchObject({ status: 'up', details: { journal: { pending: 0 } } });
        expect(response.status).toBe(503);
        expect(response.body.status).toBe('degraded');
      }, 15_000, 200);
      process.stdout.write(`[fault postgres bound] JOURNAL_MAX_PENDING=10, 4 calls during an outage: ${dropped.length} writes refused, each logged as an error and counted on /health (degraded), one warning at 80 %; every call still routed\n`);
    } finally {
      await stack.postgres.start().catch(() => undefined);
    }
  }, 120_000);
});
