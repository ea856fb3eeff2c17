import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { recordingObjectKey } from '../../src/recordings/recording-key.util';
import { buildWav } from '../../src/recordings/wav.util';
import { generateDemoData } from '../../src/seed/demo-data';
import { DemoSeeder } from '../../src/seed/seed.service';
import { ObjectStorage } from '../../src/storage/object-storage';
import { LocalS3 } from '../recordings/recordings-harness';
import { ADMIN, loginAs, startTestApp, TestApp } from '../support/test-app';
import { OpenApiDocument } from './openapi';

export type Role = 'admin' | 'supervisor' | 'trainer' | 'rep';

/** The seeded data set plus the few rows the seed does not make (a campaign, a stored recording). */
export interface World {
  testApp: TestApp;
  db: DataSource;
  doc: OpenApiDocument;
  tokens: Record<Role, string>;
  ids: {
    team: string;
    rep: string;
    otherRep: string;
    /** The other rep's user account. */
    user: string;
    client: string;
    clientWithoutDeal: string;
    deal: string;
    task: string;
    call: string;
    recording: string;
    campaign: string;
    delivery: string;
  };
  phone: string;
  stageKey: string;
  scorecardAnswers: Record<string, number>;
  /** WEBHOOK_SECRET of this app: what signed inbound CRM events are signed with. */
  webhookSecret: string;
  dispose(): Promise<void>;
}

/** The inbound-event secret a seeded world runs with unless the suite gives its own. */
export const SEEDED_WEBHOOK_SECRET = 'seeded-world-crm-event-secret';

const SEED_PASSWORD = 'contract-seed-password';

/**
 * A database of the suite's own (next to DATABASE_URL's, as the seed suite does) holding the
 * demo data set, an s3rver of its own, and the real application on top. The demo data must not
 * leak into the counts of suites sharing salescall_test.
 */
export async function startSeededWorld(suffix: string, env: Record<string, string> = {}): Promise<World> {
  const databaseUrl = await recreateDatabase(suffix);
  const s3 = await LocalS3.start();
  const webhookSecret = env.WEBHOOK_SECRET ?? SEEDED_WEBHOOK_SECRET;
  const testApp = await startTestApp({ DATABASE_URL: databaseUrl, S3_PORT: String(s3.port), QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'salescall-test'}-${suffix}`, ...env, WEBHOOK_SECRET: webhookSecret });
  try {
    const db = testApp.app.get(DataSource);
    await new DemoSeeder(db).run(generateDemoData({ stages: loadConfig().rules.pipelineStages, now: new Date() }), { password: SEED_PASSWORD, reset: false });
    const doc = (await testApp.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    const world = await populate(testApp, db, doc);
    return {
      ...world,
      webhookSecret,
      dispose: async () => {
        await testApp.close();
        await s3.dispose();
      },
    };
  } catch (error) {
    await testApp.close();
    await s3.dispose();
    throw error;
  }
}

async function populate(testApp: TestApp, db: DataSource, doc: OpenApiDocument): Promise<Omit<World, 'dispose' | 'webhookSecret'>> {
  const one = async <T = Record<string, string>>(sql: string, params: unknown[] = []): Promise<T> => {
    const rows = await db.query(sql, params);
    if (rows.length === 0) throw new Error(`the seeded world has no row for: ${sql}`);
    return rows[0] as T;
  };
  const team = await one(`SELECT id FROM teams WHERE name = 'Berlin Inbound'`);
  const loginOf = (role: string) => one(`SELECT login FROM users WHERE team_id = $1 AND role = $2 ORDER BY login LIMIT 1`, [team.id, role]);
  // The rep who owns the client, the open deal and the open task the calls below work on.
  const work = await one(
    `SELECT r.id AS rep, u.login, c.id AS client, d.id AS deal, t.id AS task, p.e164 AS phone
       FROM reps r JOIN users u ON u.id = r.user_id
       JOIN clients c ON c.owner_rep_id = r.id AND NOT c.do_not_call
       JOIN deals d ON d.client_id = c.id AND d.status = 'open'
       JOIN tasks t ON t.assignee_rep_id = r.id AND t.status = 'open'
       JOIN client_phones p ON p.client_id = c.id
      WHERE r.team_id = $1 ORDER BY u.login, c.id LIMIT 1`,
    [team.id],
  );
  const clientWithoutDeal = await one(
    `SELECT c.id FROM clients c WHERE c.owner_rep_id = $1 AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.client_id = c.id AND d.status = 'open') ORDER BY c.id LIMIT 1`,
    [work.rep],
  );
  const otherRep = await one(`SELECT id, user_id FROM reps WHERE team_id = $1 AND id <> $2 ORDER BY id LIMIT 1`, [team.id, work.rep]);
  const tokens: Record<Role, string> = {
    admin: await loginAs(testApp, ADMIN.login, ADMIN.password),
    supervisor: await loginAs(testApp, (await loginOf('supervisor')).login, SEED_PASSWORD),
    trainer: await loginAs(testApp, (await loginOf('trainer')).login, SEED_PASSWORD),
    rep: await loginAs(testApp, work.login, SEED_PASSWORD),
  };
  const stage = await one(`SELECT key FROM pipeline_stages ORDER BY position DESC LIMIT 1 OFFSET 1`);
  const template = await one<{ criteria: Array<{ key: string; maxPoints: number }> }>(`SELECT criteria FROM scorecard_templates WHERE key = 'default'`);

  // A finished, recorded call of the rep with the client, as the router and the upload job leave it.
  const call = randomUUID();
  const startedAt = new Date(Date.now() - 3_600_000);
  await db.query(
    `INSERT INTO calls (id, direction, asterisk_channel_id, client_id, rep_id, team_id, deal_id, answered_at, ended_at, talk_seconds, outcome, created_at)
     VALUES ($1, 'inbound', $2, $3, $4, $5, $6, $7, $7, 1, 'answered', $7)`,
    [call, `contract-${call}`, work.client, work.rep, team.id, work.deal, startedAt],
  );
  const wav = buildWav(Int16Array.from({ length: 8000 }, (_, i) => Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / 8000))));
  const key = recordingObjectKey(call, startedAt);
  await testApp.app.get(ObjectStorage).put(key, wav, {});
  const recording = await one(
    `INSERT INTO recordings (call_id, asterisk_name, status, object_key, size_bytes, duration_seconds, started_at, stored_at)
     VALUES ($1, $2, 'stored', $3, $4, 1, $5, $5) RETURNING id`,
    [call, randomUUID(), key, wav.length, startedAt],
  );
  const campaign = await testApp.http
    .post('/campaigns')
    .set({ Authorization: `Bearer ${tokens.admin}` })
    .send({ name: 'Contract campaign', trigger: 'list', teamId: team.id })
    .expect(201);
  const delivery = await one(`INSERT INTO webhook_deliveries (id, event_type, payload, status, attempts, last_error) VALUES ($1, 'deal.opened', '{}', 'failed', 3, 'HTTP 500') RETURNING id`, [randomUUID()]);
  return {
    testApp,
    db,
    doc,
    tokens,
    ids: { team: team.id, rep: work.rep, otherRep: otherRep.id, user: otherRep.user_id, client: work.client, clientWithoutDeal: clientWithoutDeal.id, deal: work.deal, task: work.task, call, recording: recording.id, campaign: campaign.body.id, delivery: delivery.id },
    phone: work.phone,
    stageKey: stage.key,
    scorecardAnswers: Object.fromEntries(template.criteria.map((criterion) => [criterion.key, criterion.maxPoints])),
  };
}

async function recreateDatabase(suffix: string): Promise<string> {
  const target = new URL(process.env.DATABASE_URL as string);
  const name = `${target.pathname.slice(1)}_${suffix}`;
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
