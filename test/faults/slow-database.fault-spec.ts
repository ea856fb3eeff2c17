import { expectEventually } from '../support/eventually';
import { callIn, freshCaller } from '../support/sales-floor';
import { SippRun } from '../support/sipp';
import { TcpProxy } from '../support/tcp-proxy';
import { FaultStack } from './support/fault-stack';
import { expectAnsweredTimeline, recordsOf } from './support/journal-checks';
import { RemoteFloor } from './support/remote-floor';

/**
 * A slow database: every PostgreSQL reply held 300 ms by a TCP proxy (a slow link; the server is
 * not loaded). Routing decides from memory, so offering a rep must stay as fast as before; the
 * journal falls behind and must keep each call's writes in order.
 */
const REPS = 6;
const CALLS = 6;
const DELAY_MS = 300;

const ms = (value: number | null): string => (value === null ? '-' : value.toFixed(1));

interface Latency {
  count: number;
  p50: number | null;
  max: number | null;
}

describe('fault: every PostgreSQL round trip 300 ms slower', () => {
  const stack = new FaultStack();
  const floor = new RemoteFloor(() => stack.service.url);
  let proxy: TcpProxy;

  beforeAll(async () => {
    await stack.up(async () => {
      proxy = new TcpProxy(stack.postgres.port);
      await proxy.start();
      return { DATABASE_URL: `postgres://salescall@127.0.0.1:${proxy.port}/salescall` };
    });
    await floor.setUp();
    await floor.addReps(REPS);
  }, 120_000);

  afterAll(async () => {
    await floor.tearDown();
    await stack.down();
    await proxy?.stop();
  }, 60_000);

  const offerLatency = async (): Promise<Latency> => (await floor.http().get('/routing/metrics').set(floor.auth()).expect(200)).body.offerLatencyMs;
  const round = async (talkMs: number): Promise<{ callers: string[]; latency: Latency }> => {
    await floor.http().post('/routing/metrics/reset').set(floor.auth()).expect(204);
    const callers = Array.from({ length: CALLS }, freshCaller);
    const runs: SippRun[] = [];
    for (const caller of callers) runs.push(await callIn(caller, { talkMs }));
    const results = await Promise.all(runs.map((run) => run.done));
    expect(results.map((result) => result.successful)).toEqual(Array(CALLS).fill(1));
    return { callers, latency: await offerLatency() };
  };

  it('routes as fast as with a fast database, and writes each call in order', async () => {
    const fast = await round(1_500);
    proxy.replyDelayMs = DELAY_MS;
    // The delay is real: the health probe's SELECT 1 now takes at least that long.
    expect(Number((await floor.health()).body.components.postgres.latencyMs)).toBeGreaterThanOrEqual(DELAY_MS);
    const slow = await round(1_500);
    expect(slow.latency.count).toBe(CALLS);
    // The offer is decided and sent from memory: a slower database must not show in it.
    expect(Number(slow.latency.max)).toBeLessThan(Number(fast.latency.max) + 50);
    const callers = [...fast.callers, ...slow.callers];
    await expectEventually(async () => {
      const records = await recordsOf(stack.postgres.url, callers);
      for (const caller of callers) {
        const rows = records.get(caller) ?? [];
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ outcome: 'answered', rep_id: expect.any(String), deal_id: expect.any(String) });
        expectAnsweredTimeline(rows[0].written);
        expect(rows[0].tasks).toEqual([{ type: 'reminder', status: 'open' }]);
      }
    }, 30_000, 500);
    process.stdout.write(
      [
        `[fault slow-db] ${CALLS} calls with a fast database, ${CALLS} with every PostgreSQL reply delayed ${DELAY_MS} ms`,
        `[fault slow-db] checked: every call routed and answered; offer latency (StasisStart → originate) unchanged; every call one row, timeline in write order, reminder task`,
        `[fault slow-db] offer latency p50/max: fast ${ms(fast.latency.p50)}/${ms(fast.latency.max)} ms, slow ${ms(slow.latency.p50)}/${ms(slow.latency.max)} ms`,
      ].join('\n') + '\n',
    );
  }, 180_000);
});
