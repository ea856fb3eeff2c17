import { DataSource, EntityManager } from 'typeorm';
import { RepRosterService } from '../../src/routing/rep-roster.service';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

/**
 * The roster's write-behind of reps' states (reps.agent_state) against real PostgreSQL. The fault
 * suite stops PostgreSQL for real (test/faults/postgres-outage.fault-spec.ts); here the outage is
 * the driver's own "connection refused" for the state writes only, so the retry and the order of
 * a rep's states can be checked in seconds without stopping the shared database.
 */
describe('rep states written behind the floor (real PostgreSQL)', () => {
  let testApp: TestApp;
  let repId: string;
  let roster: RepRosterService;
  let db: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp();
    const auth = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    const teamId = (await testApp.http.post('/teams').set(auth).send({ name: unique('Rep states ') }).expect(201)).body.id;
    repId = (await testApp.http.post('/reps').set(auth).send({ login: unique('states'), displayName: 'Rep States', password: 'rep-password-1', teamId, tier: 'strong' }).expect(201)).body.id;
    roster = testApp.app.get(RepRosterService);
    db = testApp.app.get(DataSource);
    await expectRosterKnows();
  });
  afterAll(() => testApp?.close());

  async function expectRosterKnows(): Promise<void> {
    for (let i = 0; i < 50 && !roster.get(repId); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(roster.get(repId)).toBeDefined();
  }

  /** The next `times` state writes fail as if PostgreSQL were not there. */
  function refuseStateWrites(times: number): jest.SpyInstance {
    const manager = (roster as unknown as { repRows: { manager: EntityManager } }).repRows.manager;
    const query = manager.query.bind(manager);
    let refused = 0;
    return jest.spyOn(manager, 'query').mockImplementation(async (sql: string, parameters?: unknown[]) => {
      if (sql.includes('UPDATE reps AS r') && refused < times) {
        refused += 1;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }
      return query(sql, parameters);
    });
  }

  const stored = async (): Promise<{ agent_state: string; pause_reason: string | null }> =>
    (await db.query(`SELECT agent_state, pause_reason FROM reps WHERE id = $1`, [repId]))[0];

  it('retries a state write the database refused until it lands', async () => {
    const spy = refuseStateWrites(2);
    try {
      roster.apply(repId, { type: 'pause', reason: 'lunch' });
      await roster.flush();
      expect(await stored()).toEqual({ agent_state: 'paused', pause_reason: 'lunch' });
    } finally {
      spy.mockRestore();
    }
  });

  it('a newer state queued while a write waits to be retried wins over the one that failed', async () => {
    roster.apply(repId, { type: 'pause', reason: 'coffee' });
    await roster.flush();
    expect(await stored()).toEqual({ agent_state: 'paused', pause_reason: 'coffee' });
    const spy = refuseStateWrites(3);
    try {
      roster.apply(repId, { type: 'force', state: 'paused', reason: 'training' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      roster.apply(repId, { type: 'resume' });
      expect(roster.get(repId)?.state).toBe('offline');
      await roster.flush();
      expect(await stored()).toEqual({ agent_state: 'offline', pause_reason: null });
    } finally {
      spy.mockRestore();
    }
  });
});
