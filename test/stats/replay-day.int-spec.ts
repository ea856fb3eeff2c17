import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { applyEvents, EMPTY_STATS } from '../../src/stats/live-stats.reducer';
import { journalEventsSince } from '../../src/stats/live-stats.queries';
import { LiveStatsService } from '../../src/stats/live-stats.service';
import { StatsFeedService } from '../../src/stats/stats-feed.service';
import { liveNumbers } from '../../src/stats/live-stats.view';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

/**
 * A day of calls written the way the journal writes them (calls row + call.started/answered/ended
 * events), replayed through the reducer and the service's own rebuild, compared with plain SQL.
 */
describe('a replayed day equals the database', () => {
  let testApp: TestApp;
  let db: DataSource;
  let teamId: string;
  const now = Date.now();

  beforeAll(async () => {
    testApp = await startTestApp();
    db = testApp.app.get(DataSource);
    const admin = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    teamId = (await testApp.http.post('/teams').set(admin).send({ name: unique('Replay ') }).expect(201)).body.id;
    const reps: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const login = unique('replayrep');
      reps.push((await testApp.http.post('/reps').set(admin).send({ login, displayName: login, password: 'rep-password-123', teamId, tier: 'mid' }).expect(201)).body.id);
    }
    const dayStart = testApp.app.get(LiveStatsService).clock(now).dayStart;
    const span = Math.min(now - dayStart - 60_000, 8 * 3_600_000);
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let index = 0; index < 300; index += 1) {
      const callId = randomUUID();
      const start = new Date(now - 60_000 - random() * span);
      const roll = random();
      const waitMs = Math.round(random() * 60_000);
      const answered = roll < 0.7 ? new Date(start.getTime() + waitMs) : null;
      const ended = new Date((answered ?? start).getTime() + (answered ? Math.round(random() * 300_000) : waitMs));
      const outcome = answered ? 'answered' : roll < 0.9 ? 'abandoned' : 'missed';
      await db.query(
        `INSERT INTO calls (id, direction, asterisk_channel_id, rep_id, team_id, enqueued_at, created_at, answered_at, ended_at, outcome, caller_e164)
         VALUES ($1, 'inbound', $2, $3, $4, $5, $5, $6, $7, $8, '+4917000000')`,
        [callId, `replay-${callId}`, answered ? reps[index % 3] : null, teamId, start, answered, ended, outcome],
      );
      const event = (type: string, at: Date, data: Record<string, unknown>, key: string) =>
        db.query(`INSERT INTO call_events (call_id, at, type, data, dedupe_key) VALUES ($1, $2, $3, $4, $5)`, [callId, at, type, JSON.stringify(data), key]);
      await event('call.started', start, { direction: 'inbound' }, 'started');
      if (answered) await event('call.answered', answered, {}, 'answered');
      await event('call.ended', ended, { outcome }, 'ended');
    }
  });

  afterAll(() => testApp?.close());

  const sqlNumbers = async (since: Date): Promise<Record<string, number | null>> => {
    const [row] = await db.query(
      `SELECT count(*)::int AS offered, count(answered_at)::int AS answered, count(*) FILTER (WHERE outcome = 'abandoned')::int AS abandoned,
              (100.0 * count(*) FILTER (WHERE answered_at - created_at <= interval '20 seconds') / nullif(count(*) FILTER (WHERE answered_at IS NOT NULL OR ended_at IS NOT NULL), 0))::float AS "serviceLevel",
              avg(extract(epoch FROM answered_at - created_at))::float AS "asaSeconds",
              (avg(extract(epoch FROM ended_at - answered_at)) FILTER (WHERE answered_at IS NOT NULL))::float AS "ahtSeconds"
         FROM calls WHERE team_id = $1 AND direction = 'inbound' AND created_at >= $2`,
      [teamId, since],
    );
    return row;
  };

  const expectSame = (live: Record<string, number | null>, sql: Record<string, number | null>): void => {
    expect({ offered: live.offered, answered: live.answered, abandoned: live.abandoned }).toEqual({ offered: sql.offered, answered: sql.answered, abandoned: sql.abandoned });
    for (const key of ['serviceLevel', 'asaSeconds', 'ahtSeconds']) expect(live[key]).toBeCloseTo(sql[key] as number, 6);
  };

  it('the reducer over the journal gives the SQL numbers, for today and the rolling hour', async () => {
    const clock = { ...testApp.app.get(LiveStatsService).clock(now), serviceLevelSeconds: 20 };
    const stats = applyEvents(EMPTY_STATS, await journalEventsSince(db, new Date(clock.dayStart)));
    const numbers = liveNumbers(stats, { kind: 'team', teamId }, clock);
    expect(numbers.today.offered).toBe(300);
    expectSame(numbers.today as unknown as Record<string, number | null>, await sqlNumbers(new Date(clock.dayStart)));
    expectSame(numbers.hour as unknown as Record<string, number | null>, await sqlNumbers(new Date(now - 3_600_000)));
  });

  it("the service's own rebuild (what a new instance starts from) gives the same numbers", async () => {
    await testApp.app.get(StatsFeedService).rebuild();
    const service = testApp.app.get(LiveStatsService);
    const snapshot = service.snapshot({ kind: 'team', teamId }, now);
    expectSame(snapshot.numbers.today as unknown as Record<string, number | null>, await sqlNumbers(new Date(service.clock(now).dayStart)));
  });
});
