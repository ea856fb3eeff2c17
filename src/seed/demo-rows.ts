import { randomUUID } from 'node:crypto';
import { EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ClientPhone } from '../crm/client-phone.entity';
import { Client } from '../crm/client.entity';
import { DealStageChange } from '../crm/deal-stage-change.entity';
import { Deal } from '../crm/deal.entity';
import { Task } from '../crm/task.entity';
import { sipEndpointFor } from '../org/org.service';
import { Rep } from '../org/rep.entity';
import { Team } from '../org/team.entity';
import { User } from '../org/user.entity';
import type { DemoData } from './demo-data';

export interface TableRows<T extends ObjectLiteral = ObjectLiteral> {
  target: EntityTarget<T>;
  rows: QueryDeepPartialEntity<T>[];
}

/** What the rows need from the database: stage ids by key, and each user's password hash. */
export interface RowContext {
  stageIds: ReadonlyMap<string, string>;
  passwordHashes: ReadonlyMap<string, string>;
}

/**
 * The demo data set as table rows, parents before children. Ids are made here rather than read
 * back after each insert, so rows can point at each other without a round trip.
 */
export function demoRows(data: DemoData, context: RowContext): TableRows[] {
  const ids = new Ids(context.stageIds);
  return [...orgRows(data, ids, context.passwordHashes), ...clientRows(data, ids), ...dealRows(data, ids), taskRows(data, ids)];
}

class Ids {
  private readonly made = new Map<string, string>();
  constructor(private readonly stages: ReadonlyMap<string, string>) {}

  of(kind: 'team' | 'user' | 'rep' | 'client' | 'deal', key: string | number): string {
    const name = `${kind}:${key}`;
    let id = this.made.get(name);
    if (!id) this.made.set(name, (id = randomUUID()));
    return id;
  }
  rep(login: string | null): string | null {
    return login === null ? null : this.of('rep', login);
  }
  user(login: string | null): string | null {
    return login === null ? null : this.of('user', login);
  }
  stage(key: string): string {
    const id = this.stages.get(key);
    if (!id) throw new Error(`pipeline stage "${key}" is missing`);
    return id;
  }
}

function table<T extends ObjectLiteral>(target: EntityTarget<T>, rows: QueryDeepPartialEntity<T>[]): TableRows {
  return { target, rows } as TableRows;
}

function orgRows(data: DemoData, ids: Ids, hashes: ReadonlyMap<string, string>): TableRows[] {
  return [
    table(Team, data.teams.map((team) => ({ id: ids.of('team', team.name), name: team.name }))),
    table(
      User,
      data.users.map((user) => ({
        id: ids.of('user', user.login),
        login: user.login,
        displayName: user.displayName,
        passwordHash: hashes.get(user.login) ?? missing(`password hash for ${user.login}`),
        role: user.role,
        teamId: ids.of('team', user.teamName),
      })),
    ),
    table(
      Rep,
      data.users.flatMap((user) =>
        user.rep
          ? [{ id: ids.of('rep', user.login), userId: ids.of('user', user.login), teamId: ids.of('team', user.teamName), sipEndpoint: sipEndpointFor(user.login), ...user.rep }]
          : [],
      ),
    ),
  ];
}

function clientRows(data: DemoData, ids: Ids): TableRows[] {
  return [
    table(
      Client,
      data.clients.map((client) => ({
        id: ids.of('client', client.ref),
        name: client.name,
        ownerRepId: ids.rep(client.ownerLogin),
        timeZone: client.timeZone,
        doNotCall: client.doNotCall,
        doNotCallReason: client.doNotCallReason,
        temperature: client.temperature,
        source: client.source,
        recordingRefused: client.recordingRefused,
        createdAt: client.createdAt,
      })),
    ),
    table(
      ClientPhone,
      data.clients.flatMap((client) => client.phones.map((phone) => ({ id: randomUUID(), clientId: ids.of('client', client.ref), e164: phone.e164, label: phone.label }))),
    ),
  ];
}

function dealRows(data: DemoData, ids: Ids): TableRows[] {
  return [
    table(
      Deal,
      data.deals.map((deal) => ({
        id: ids.of('deal', deal.ref),
        clientId: ids.of('client', deal.clientRef),
        ownerRepId: ids.rep(deal.ownerLogin),
        stageId: ids.stage(deal.stageKey),
        status: deal.status,
        amount: deal.amount,
        openReason: deal.openReason,
        lostReason: deal.lostReason,
        openedAt: deal.openedAt,
        closedAt: deal.closedAt,
        stageChangedAt: deal.stageChangedAt,
        createdAt: deal.openedAt,
      })),
    ),
    table(
      DealStageChange,
      data.deals.flatMap((deal) =>
        deal.changes.map((change) => ({
          id: randomUUID(),
          dealId: ids.of('deal', deal.ref),
          fromStageId: change.fromStageKey === null ? null : ids.stage(change.fromStageKey),
          toStageId: ids.stage(change.toStageKey),
          toStatus: change.toStatus,
          changedByUserId: ids.user(change.byLogin),
          at: change.at,
        })),
      ),
    ),
  ];
}

function taskRows(data: DemoData, ids: Ids): TableRows {
  return table(
    Task,
    data.tasks.map((task) => ({
      id: randomUUID(),
      type: task.type,
      clientId: ids.of('client', task.clientRef),
      dealId: task.dealRef === null ? null : ids.of('deal', task.dealRef),
      assigneeRepId: ids.rep(task.assigneeLogin),
      dueAt: task.dueAt,
      status: task.status,
      reason: task.reason,
      dedupeKey: task.dedupeKey,
      completedAt: task.completedAt,
    })),
  );
}

function missing(what: string): never {
  throw new Error(`missing ${what}`);
}
