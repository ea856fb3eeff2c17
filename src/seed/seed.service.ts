import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { hashPassword } from '../auth/password-hasher';
import { PipelineStage } from '../crm/pipeline-stage.entity';
import type { DemoData } from './demo-data';
import { demoRows } from './demo-rows';

/** Rows per INSERT: far below PostgreSQL's 65,535 bind parameters for the widest table. */
const CHUNK_SIZE = 1000;

export type SeedOutcome =
  | { status: 'seeded'; removedClients: number; stagesInserted: number }
  | { status: 'skipped'; existingTeams: string[] };

export interface SeedOptions {
  password: string;
  /** Delete the demo teams, everyone in them and the demo clients first, then load afresh. */
  reset: boolean;
}

/**
 * Writes a generated demo data set in one transaction: all of it or nothing. Idempotent by the
 * demo team names (unique in the schema): when any of them exists the run changes nothing,
 * unless `reset` asks to remove the earlier demo data first.
 */
export class DemoSeeder {
  constructor(private readonly dataSource: DataSource) {}

  async run(data: DemoData, options: SeedOptions): Promise<SeedOutcome> {
    // Hashing first, outside the transaction: scrypt runs on libuv's pool, several at a time.
    const passwordHashes = new Map(await Promise.all(data.users.map(async (user) => [user.login, await hashPassword(options.password)] as const)));
    return this.dataSource.transaction(async (manager) => {
      // Two seeds started together would both see "no demo teams": the second one waits here.
      await manager.query(`LOCK TABLE teams IN SHARE ROW EXCLUSIVE MODE`);
      const existingTeams = await this.existingDemoTeams(manager, data);
      if (existingTeams.length > 0 && !options.reset) return { status: 'skipped', existingTeams };
      const removedClients = options.reset ? await this.removeDemoData(manager, data) : 0;
      const { stageIds, inserted } = await this.ensureStages(manager, data);
      for (const { target, rows } of demoRows(data, { stageIds, passwordHashes })) await insertInChunks(manager, target, rows);
      return { status: 'seeded', removedClients, stagesInserted: inserted };
    });
  }

  private async existingDemoTeams(manager: EntityManager, data: DemoData): Promise<string[]> {
    const rows: { name: string }[] = await manager.query(`SELECT name FROM teams WHERE name = ANY($1) ORDER BY name`, [data.teams.map((team) => team.name)]);
    return rows.map((row) => row.name);
  }

  /**
   * Demo clients are those owned by a rep of a demo team or holding one of the generated numbers
   * (the same seed always generates the same numbers). Their deals, stage changes, phones and
   * tasks go with them by ON DELETE CASCADE; calls and campaign rows keep their history with NULLs.
   */
  private async removeDemoData(manager: EntityManager, data: DemoData): Promise<number> {
    const teamNames = data.teams.map((team) => team.name);
    const phones = data.clients.flatMap((client) => client.phones.map((phone) => phone.e164));
    const [, removed] = await manager.query(
      `DELETE FROM clients WHERE id IN (SELECT client_id FROM client_phones WHERE e164 = ANY($1))
          OR owner_rep_id IN (SELECT r.id FROM reps r JOIN teams t ON t.id = r.team_id WHERE t.name = ANY($2))`,
      [phones, teamNames],
    );
    await manager.query(`DELETE FROM users WHERE team_id IN (SELECT id FROM teams WHERE name = ANY($1))`, [teamNames]);
    await manager.query(`DELETE FROM teams WHERE name = ANY($1)`, [teamNames]);
    return Number(removed ?? 0);
  }

  /** Adds the configured stages that are missing, at their configured position when it is free. */
  private async ensureStages(manager: EntityManager, data: DemoData): Promise<{ stageIds: Map<string, string>; inserted: number }> {
    const existing = await manager.find(PipelineStage);
    const byKey = new Map(existing.map((stage) => [stage.key, stage]));
    const taken = new Set(existing.map((stage) => stage.position));
    const missing: PipelineStage[] = [];
    data.stages.forEach((definition, index) => {
      if (byKey.has(definition.key)) return;
      const position = taken.has(index + 1) ? Math.max(...taken) + 1 : index + 1;
      taken.add(position);
      const stage = manager.create(PipelineStage, { id: randomUUID(), key: definition.key, name: definition.name, position });
      missing.push(stage);
      byKey.set(stage.key, stage);
    });
    await insertInChunks(manager, PipelineStage, missing);
    return { stageIds: new Map([...byKey].map(([key, stage]) => [key, stage.id])), inserted: missing.length };
  }
}

async function insertInChunks<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: QueryDeepPartialEntity<T>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK_SIZE) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(start, start + CHUNK_SIZE))
      .updateEntity(false)
      .execute();
  }
}
