import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { verifyPassword } from '../../src/auth/password-hasher';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source.options';
import { DemoData, generateDemoData, summarize } from '../../src/seed/demo-data';
import { DemoSeeder } from '../../src/seed/seed.service';

/**
 * The seed against real PostgreSQL. A database of its own, next to DATABASE_URL's (which
 * globalSetup recreates): 1,200 demo clients and 33 users must not show up in the counts and
 * look-ups of the other suites that share salescall_test.
 */
const DB_SUFFIX = '_seed';
const PASSWORD = 'seed-test-password';

async function recreateDatabase(): Promise<string> {
  const target = new URL(process.env.DATABASE_URL as string);
  const name = `${target.pathname.slice(1)}${DB_SUFFIX}`;
  const admin = new URL(target.toString());
  admin.pathname = '/postgres';
  const client = new PgClient({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  target.pathname = `/${name}`;
  return target.toString();
}

describe('seed on real PostgreSQL', () => {
  const now = new Date();
  let dataSource: DataSource;
  let data: DemoData;

  const countOf = async (sql: string): Promise<number> => Number((await dataSource.query(sql))[0].count);
  const tableCounts = async () => ({
    teams: await countOf(`SELECT count(*) FROM teams`),
    users: await countOf(`SELECT count(*) FROM users`),
    reps: await countOf(`SELECT count(*) FROM reps`),
    stages: await countOf(`SELECT count(*) FROM pipeline_stages`),
    clients: await countOf(`SELECT count(*) FROM clients`),
    phones: await countOf(`SELECT count(*) FROM client_phones`),
    deals: await countOf(`SELECT count(*) FROM deals`),
    stageChanges: await countOf(`SELECT count(*) FROM deal_stage_changes`),
    tasks: await countOf(`SELECT count(*) FROM tasks`),
  });

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(await recreateDatabase()));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    data = generateDemoData({ stages: loadConfig().rules.pipelineStages, now });
  });

  afterAll(() => dataSource?.destroy());

  it('loads the whole data set in well under 15 s', async () => {
    const started = performance.now();
    const outcome = await new DemoSeeder(dataSource).run(data, { password: PASSWORD, reset: false });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(outcome).toEqual({ status: 'seeded', removedClients: 0, stagesInserted: 5 });

    const summary = summarize(data, now);
    expect(await tableCounts()).toEqual({
      teams: 3,
      users: 33,
      reps: 27,
      stages: 5,
      clients: 1200,
      phones: summary.phones,
      deals: summary.deals.open + summary.deals.won + summary.deals.lost,
      stageChanges: summary.stageChanges,
      tasks: summary.tasks.open + summary.tasks.done,
    });
    expect(await countOf(`SELECT count(*) FROM tasks WHERE status = 'open' AND due_at < now()`)).toBe(summary.tasks.overdue);
  });

  it('inserts the configured stages in order and puts open deals in every one', async () => {
    const rows: { key: string; position: number; open: string }[] = await dataSource.query(
      `SELECT s.key, s.position, count(d.id) FILTER (WHERE d.status = 'open') AS open
         FROM pipeline_stages s LEFT JOIN deals d ON d.stage_id = s.id GROUP BY s.id ORDER BY s.position`,
    );
    expect(rows.map((row) => [row.key, row.position])).toEqual(loadConfig().rules.pipelineStages.map((stage, index) => [stage.key, index + 1]));
    expect(rows.every((row) => Number(row.open) > 0)).toBe(true);
  });

  it('stores each deal path in time order, ending where the deal stands', async () => {
    const outOfOrder = await countOf(
      `SELECT count(*) FROM (SELECT at, lag(at) OVER (PARTITION BY deal_id ORDER BY at) AS previous FROM deal_stage_changes) path WHERE at <= previous`,
    );
    expect(outOfOrder).toBe(0);
    const mismatched = await countOf(
      `SELECT count(*) FROM deals d JOIN LATERAL (SELECT * FROM deal_stage_changes c WHERE c.deal_id = d.id ORDER BY c.at DESC LIMIT 1) last ON true
        WHERE last.to_stage_id <> d.stage_id OR last.to_status <> d.status OR (d.closed_at IS NOT NULL AND d.closed_at <> last.at)`,
    );
    expect(mismatched).toBe(0);
  });

  it('links every rep to its user, team and SIP endpoint, and every demo user signs in with the seed password', async () => {
    const reps: { login: string; sip_endpoint: string; same_team: boolean }[] = await dataSource.query(
      `SELECT u.login, r.sip_endpoint, r.team_id = u.team_id AS same_team FROM reps r JOIN users u ON u.id = r.user_id`,
    );
    expect(reps.every((rep) => rep.same_team && rep.sip_endpoint === `rep-${rep.login.replace(/\./g, '-')}`)).toBe(true);
    const [user] = await dataSource.query(`SELECT password_hash FROM users ORDER BY login LIMIT 1`);
    await expect(verifyPassword(PASSWORD, user.password_hash)).resolves.toBe(true);
  });

  it('changes nothing when run again', async () => {
    const before = await tableCounts();
    const outcome = await new DemoSeeder(dataSource).run(data, { password: PASSWORD, reset: false });
    expect(outcome).toEqual({ status: 'skipped', existingTeams: ['Berlin Inbound', 'Hamburg Key Accounts', 'Munich Outbound'] });
    expect(await tableCounts()).toEqual(before);
  });

  it('with reset replaces the demo data without duplicates and leaves other data alone', async () => {
    const before = await tableCounts();
    await dataSource.query(`INSERT INTO teams (name) VALUES ('Real Team')`);
    await dataSource.query(`WITH c AS (INSERT INTO clients (name) VALUES ('Real Client GmbH') RETURNING id) INSERT INTO client_phones (client_id, e164) SELECT id, '+4930999999999' FROM c`);

    // A later clock, as a real second run would have: the same numbers are found and replaced.
    const later = generateDemoData({ stages: loadConfig().rules.pipelineStages, now: new Date(now.getTime() + 3_600_000) });
    const outcome = await new DemoSeeder(dataSource).run(later, { password: PASSWORD, reset: true });
    expect(outcome).toEqual({ status: 'seeded', removedClients: 1200, stagesInserted: 0 });
    expect(await tableCounts()).toEqual({ ...before, teams: before.teams + 1, clients: before.clients + 1, phones: before.phones + 1 });
    expect(await countOf(`SELECT count(*) FROM clients WHERE name = 'Real Client GmbH'`)).toBe(1);
    expect(await countOf(`SELECT count(*) FROM teams WHERE name = 'Real Team'`)).toBe(1);
  });
});
