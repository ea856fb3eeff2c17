import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { recordingObjectKey } from '../../src/recordings/recording-key.util';
import { buildWav } from '../../src/recordings/wav.util';
import { ObjectStorage } from '../../src/storage/object-storage';
import { CrmFixtures } from '../crm/crm-fixtures';
import { ADMIN, loginAs, TestApp, unique } from '../support/test-app';

export const ROLES = ['admin', 'supervisor', 'trainer', 'rep'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Whose rows a request names, seen from the acting user (always of team A): `own` = the acting
 * rep's rows (for the other roles: rows of their team), `teammate` = rows of another rep of the
 * same team, `other` = rows of team B. `none` = the request names no row.
 */
export type Scope = 'own' | 'teammate' | 'other' | 'none';

/** One rep's rows: what a cell's request may name. */
export interface Rows {
  teamId: string;
  repId: string;
  /** The rep's user account (PATCH /users/{id}). */
  userId: string;
  repLogin: string;
  sipEndpoint: string;
  clientId: string;
  phone: string;
  dealId: string;
  callId: string;
  recordingId: string;
  campaignId: string;
}

interface Actor {
  login: string;
  password: string;
  token: string;
}

/**
 * Two teams with a user of every role in each and rows of every kind, built through the API and,
 * for what only the call path writes (calls, recordings), straight into PostgreSQL and S3.
 */
export class AuthorizationWorld {
  readonly actors = {} as Record<Role, Actor>;
  readonly rows = {} as Record<Exclude<Scope, 'none'>, Rows>;
  /** Every id of team B and of the teammate: what a 2xx body may never show a non-admin of team A. */
  readonly teamBIds = new Set<string>();
  readonly teammateIds = new Set<string>();
  private fx!: CrmFixtures;
  private firstStageId = '';
  private counter = 0;

  constructor(
    readonly testApp: TestApp,
    readonly db: DataSource,
    private readonly storage: ObjectStorage,
  ) {}

  async build(): Promise<void> {
    const admin = await loginAs(this.testApp, ADMIN.login, ADMIN.password);
    this.actors.admin = { ...ADMIN, token: admin };
    this.fx = new CrmFixtures(this.testApp, admin);
    [{ id: this.firstStageId }] = await this.db.query(`SELECT id FROM pipeline_stages ORDER BY position LIMIT 1`);
    const teamA = await this.fx.team('Authz A');
    const teamB = await this.fx.team('Authz B');
    this.actors.supervisor = await this.user('supervisor', teamA);
    this.actors.trainer = await this.user('trainer', teamA);
    await this.user('supervisor', teamB);
    await this.user('trainer', teamB);
    const repA = await this.rep(teamA);
    this.actors.rep = repA.actor;
    this.rows.own = await this.repRows(teamA, repA.id, repA.actor.login);
    const mate = await this.rep(teamA);
    this.rows.teammate = { ...(await this.repRows(teamA, mate.id, mate.actor.login)), campaignId: this.rows.own.campaignId };
    const repB = await this.rep(teamB);
    this.rows.other = await this.repRows(teamB, repB.id, repB.actor.login);
    this.teamBIds.add(teamB);
    for (const value of Object.values(this.rows.other)) this.teamBIds.add(value);
    for (const key of ['repId', 'clientId', 'dealId', 'callId', 'recordingId'] as const) this.teammateIds.add(this.rows.teammate[key]);
  }

  /** Ids a 2xx response to this role must not contain. */
  hiddenFrom(role: Role): string[] {
    if (role === 'admin') return [];
    return role === 'rep' ? [...this.teamBIds, ...this.teammateIds] : [...this.teamBIds];
  }

  unique(prefix: string): string {
    return unique(prefix);
  }

  phone(): string {
    return this.fx.phone();
  }

  /**
   * A client owned by the rep of `rows`, without deals. `offTheList` keeps it out of the rep's
   * next call (do-not-call), for clients whose deal a cell gives to someone else's rep.
   */
  async client(rows: Rows, offTheList = false): Promise<{ id: string; phone: string }> {
    const phone = this.fx.phone();
    const [client] = await this.db.query(`INSERT INTO clients (name, owner_rep_id, do_not_call, do_not_call_reason) VALUES ($1, $2, $3, $4) RETURNING id`, [
      unique('Authz client '),
      rows.repId,
      offTheList,
      offTheList ? 'authorization matrix' : null,
    ]);
    await this.db.query(`INSERT INTO client_phones (client_id, e164, label) VALUES ($1, $2, 'main')`, [client.id, phone]);
    return { id: client.id, phone };
  }

  async deal(rows: Rows, clientId: string): Promise<string> {
    const [deal] = await this.db.query(`INSERT INTO deals (client_id, owner_rep_id, stage_id) VALUES ($1, $2, $3) RETURNING id`, [clientId, rows.repId, this.firstStageId]);
    return deal.id;
  }

  /** An open callback task assigned to the rep of `rows`, due tomorrow (so maintenance leaves it). */
  async task(rows: Rows): Promise<string> {
    const [task] = await this.db.query(
      `INSERT INTO tasks (type, client_id, deal_id, assignee_rep_id, assigned_at, due_at, reason, dedupe_key) VALUES ('callback', $1, $2, $3, now(), now() + interval '1 day', 'authz matrix', $4) RETURNING id`,
      [rows.clientId, rows.dealId, rows.repId, `authz:${randomUUID()}`],
    );
    return task.id;
  }

  /** A draft list campaign of the team of `rows`. */
  async campaign(rows: Rows): Promise<string> {
    const created = await this.testApp.http.post('/campaigns').set(this.auth('admin')).send({ name: unique('Authz campaign '), trigger: 'list', teamId: rows.teamId }).expect(201);
    return created.body.id;
  }

  auth(role: Role): Record<string, string> {
    return { Authorization: `Bearer ${this.actors[role].token}` };
  }

  /**
   * A digest of every table a refused request could touch. The audit log (refusals are audited on
   * purpose) and webhook deliveries (written after the fact by allowed requests) are left out.
   */
  async fingerprint(): Promise<string> {
    const tables: Array<{ tablename: string }> = await this.db.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('audit_log', 'webhook_deliveries', 'schema_migrations') ORDER BY tablename`,
    );
    const parts = tables.map(({ tablename }) => `SELECT '${tablename}' AS t, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h FROM "${tablename}" x`);
    const rows: Array<{ t: string; h: string }> = await this.db.query(parts.join(' UNION ALL '));
    return rows.map((row) => `${row.t}=${row.h}`).join(';');
  }

  private async user(role: 'supervisor' | 'trainer', teamId: string): Promise<Actor> {
    const login = unique(role);
    const password = 'authz-password-1';
    await this.testApp.http.post('/users').set(this.auth('admin')).send({ login, displayName: `${role} ${login}`, password, role, teamId }).expect(201);
    return { login, password, token: await loginAs(this.testApp, login, password) };
  }

  private async rep(teamId: string): Promise<{ id: string; actor: Actor }> {
    const login = unique('authzrep');
    const password = 'authz-password-1';
    const created = await this.testApp.http.post('/reps').set(this.auth('admin')).send({ login, displayName: `Rep ${login}`, password, teamId, tier: 'mid' }).expect(201);
    return { id: created.body.id, actor: { login, password, token: await loginAs(this.testApp, login, password) } };
  }

  private async repRows(teamId: string, repId: string, repLogin: string): Promise<Rows> {
    const [rep] = await this.db.query(`SELECT sip_endpoint, user_id FROM reps WHERE id = $1`, [repId]);
    const partial = { teamId, repId, userId: rep.user_id, repLogin, sipEndpoint: rep.sip_endpoint } as Rows;
    const client = await this.client(partial);
    const dealId = await this.deal(partial, client.id);
    const { callId, recordingId } = await this.callWithRecording(teamId, repId, client.id, dealId);
    return { ...partial, clientId: client.id, phone: client.phone, dealId, callId, recordingId, campaignId: await this.campaign(partial) };
  }

  /** A finished, answered call with its recording stored in S3, as the call path leaves them. */
  async callWithRecording(teamId: string, repId: string, clientId: string, dealId: string): Promise<{ callId: string; recordingId: string }> {
    const callId = randomUUID();
    const at = new Date();
    await this.db.query(
      `INSERT INTO calls (id, direction, asterisk_channel_id, client_id, rep_id, team_id, deal_id, answered_at, ended_at, outcome, talk_seconds, created_at)
       VALUES ($1, 'inbound', $2, $3, $4, $5, $6, $7, $7, 'answered', 1, $7)`,
      [callId, `authz-${callId}`, clientId, repId, teamId, dealId, at],
    );
    this.counter += 1;
    const wav = buildWav(new Int16Array(8000).map((_, i) => Math.round(2000 * Math.sin(i / (3 + this.counter)))));
    const key = recordingObjectKey(callId, at);
    await this.storage.put(key, wav, { 'call-id': callId });
    const [recording] = await this.db.query(
      `INSERT INTO recordings (call_id, asterisk_name, status, started_at, finished_at, stored_at, object_key, size_bytes, duration_seconds)
       VALUES ($1, $2, 'stored', $3, $3, $3, $4, $5, 1) RETURNING id`,
      [callId, randomUUID(), at, key, wav.length],
    );
    return { callId, recordingId: recording.id };
  }
}
