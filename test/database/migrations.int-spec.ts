import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.options';

/** A database of its own: migrating down must not disturb the other suites' schema. */
const DB_NAME = 'salescall_migrations_test';

async function recreateDatabase(): Promise<string> {
  const base = new URL(process.env.DATABASE_URL as string);
  base.pathname = '/postgres';
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  base.pathname = `/${DB_NAME}`;
  return base.toString();
}

describe('migrations on real PostgreSQL', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(await recreateDatabase()));
    await dataSource.initialize();
  });

  afterAll(() => dataSource.destroy());

  const tables = async (): Promise<string[]> =>
    (await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`)).map((row: { tablename: string }) => row.tablename);

  it('builds the whole schema going up, removes it going down, and rebuilds it', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    const up = await tables();
    expect(up).toEqual(expect.arrayContaining(['teams', 'users', 'reps', 'clients', 'client_phones', 'deals', 'pipeline_stages', 'calls', 'call_events', 'recordings', 'tasks', 'campaigns', 'campaign_targets', 'campaign_attempts', 'nps_responses', 'audit_log']));

    for (let i = 0; i < applied.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(up);
  });

  it('matches the entities exactly (no pending schema change)', async () => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    const statements = sql.upQueries.map((query) => query.query);
    // TypeORM would only want to rename our named constraints/indexes; anything else is drift.
    const drift = statements.filter((statement) => !/^(ALTER TABLE .* (DROP|ADD) CONSTRAINT|DROP INDEX|CREATE (UNIQUE )?INDEX)/.test(statement));
    expect(drift).toEqual([]);
  });

  it('enforces the named constraints', async () => {
    await expect(dataSource.query(`INSERT INTO client_phones (client_id, e164) VALUES (gen_random_uuid(), '0301234')`)).rejects.toThrow(/ck_client_phones_e164|fk_client_phones_client/);
    await expect(dataSource.query(`INSERT INTO teams (name) VALUES ('dup'), ('dup')`)).rejects.toThrow(/uq_teams_name/);
    await dataSource.query(`INSERT INTO audit_log (action, entity_type) VALUES ('test', 'test')`);
    await expect(dataSource.query(`UPDATE audit_log SET action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
