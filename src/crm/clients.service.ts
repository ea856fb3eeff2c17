import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { canSeeRep, requireVisible } from '../auth/access.policy';
import { Principal } from '../auth/principal';
import type { CallOutcome } from '../calls/call.entity';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { isUniqueViolation, pgErrorOf } from '../common/errors/postgres-errors';
import { DomainEvents } from '../common/events/domain-events';
import { normalizeE164, requireE164 } from '../common/phone/e164';
import { Rep, SellerTier } from '../org/rep.entity';
import { ClientPhone } from './client-phone.entity';
import { Client, Temperature } from './client.entity';
import { canChangeOwned, canSeeOwned, OwnerRef } from './crm.policy';
import { Deal } from './deal.entity';
import { temperatureAfter } from './distribution.policy';
import { ClientListQuery, CreateClientDto, UpdateClientDto } from './dto/crm.dto';

export interface OwnerRepSummary {
  id: string;
  teamId: string;
  tier: SellerTier;
}

/** What routing needs about a caller, read in one query on the call path. */
export interface ClientLookup {
  client: Client;
  ownerRep: OwnerRepSummary | null;
  openDeal: Deal | null;
}

export interface CallOutcomeInput {
  clientId: string;
  outcome: CallOutcome;
  talkSeconds: number;
  at: Date;
}

const LEAD_SOURCE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const SOURCE_TEMPERATURE: Record<string, Temperature> = { 'inbound-call': 'warm' };

type LookupRow = Client & { ownerRep?: Rep | null; openDeal?: Deal | null };

@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(Client) private readonly clients: Repository<Client>,
    @InjectRepository(Rep) private readonly reps: Repository<Rep>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * The caller's client, its owner rep and its open deal: one SELECT driven by uq_client_phones_e164
   * and ix_deals_client_status (at most one open deal per client: uq_deals_client_open).
   */
  async findByPhone(e164: string): Promise<ClientLookup | null> {
    const phone = normalizeE164(e164);
    if (!phone) return null;
    const row = (await this.clients
      .createQueryBuilder('client')
      .innerJoin('client.phones', 'match', 'match.e164 = :phone', { phone })
      .leftJoinAndSelect('client.phones', 'phone')
      .leftJoinAndMapOne('client.ownerRep', Rep, 'owner', 'owner.id = client.ownerRepId')
      .leftJoinAndMapOne('client.openDeal', Deal, 'deal', `deal.clientId = client.id AND deal.status = 'open'`)
      .getOne()) as LookupRow | null;
    if (!row) return null;
    const { ownerRep, openDeal, ...client } = row;
    return {
      client: client as Client,
      ownerRep: ownerRep ? { id: ownerRep.id, teamId: ownerRep.teamId, tier: ownerRep.tier } : null,
      openDeal: openDeal ?? null,
    };
  }

  /**
   * The client for a number nobody knows yet. Idempotent on the unique phone: when two calls from
   * the same new number race, the loser's insert hits ON CONFLICT, its transaction rolls back
   * (taking its half-made client with it) and it returns the winner's client.
   */
  async createLeadForUnknownCaller(e164: string, source = 'inbound-call'): Promise<Client> {
    const phone = requireE164(e164);
    if (!LEAD_SOURCE.test(source)) throw new DomainError('VALIDATION_FAILED', 'source must be 1-40 chars of a-z 0-9 -');
    const existing = await this.findByPhone(phone);
    if (existing) return existing.client;
    const createdId = await this.dataSource
      .transaction(async (manager) => {
        const [client] = await manager.query<Array<{ id: string }>>(`INSERT INTO clients (name, source, temperature) VALUES ($1, $2, $3) RETURNING id`, [
          `Caller ${phone}`,
          source,
          SOURCE_TEMPERATURE[source] ?? 'cold',
        ]);
        const inserted = await manager.query<unknown[]>(
          `INSERT INTO client_phones (client_id, e164) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT uq_client_phones_e164 DO NOTHING RETURNING id`,
          [client.id, phone],
        );
        if (inserted.length === 0) throw new LostPhoneRace();
        return client.id;
      })
      .catch((error: unknown) => {
        if (error instanceof LostPhoneRace) return null;
        throw error;
      });
    if (createdId) {
      await this.audit.record({ actor: null, action: 'client.create', entityType: 'client', entityId: createdId, details: { source, reason: 'unknown caller' } });
      this.events.emit('client.changed', { clientId: createdId, at: new Date() });
    }
    const winner = await this.findByPhone(phone);
    if (!winner) throw new DomainError('INTERNAL', `Client for ${phone} vanished after creation`);
    return winner.client;
  }

  async create(actor: Principal, dto: CreateClientDto): Promise<Client> {
    const phones = [...new Set(dto.phones.map((raw) => requireE164(raw, 'phones')))];
    if (dto.ownerRepId) await this.requireVisibleRep(actor, dto.ownerRepId);
    const [taken] = await this.dataSource.query<Array<{ e164: string }>>(`SELECT e164 FROM client_phones WHERE e164 = ANY($1) ORDER BY e164 LIMIT 1`, [phones]);
    if (taken) throw phoneTaken(taken.e164);
    const id = await this.dataSource
      .transaction(async (manager) => {
        const client = await manager.save(
          Client,
          manager.create(Client, {
            name: dto.name,
            ownerRepId: dto.ownerRepId ?? null,
            timeZone: dto.timeZone ?? 'UTC',
            temperature: dto.temperature ?? 'cold',
            source: dto.source ?? 'manual',
          }),
        );
        await manager.insert(
          ClientPhone,
          phones.map((e164, index) => ({ clientId: client.id, e164, label: index === 0 ? 'main' : `alt${index}` })),
        );
        return client.id;
      })
      .catch((error: unknown) => {
        const phone = duplicatePhone(error);
        if (phone) throw phoneTaken(phone);
        throw error;
      });
    await this.audit.record({ actor, action: 'client.create', entityType: 'client', entityId: id, details: { source: dto.source ?? 'manual', ownerRepId: dto.ownerRepId ?? null } });
    this.events.emit('client.changed', { clientId: id, at: new Date() });
    return this.loadWithPhones(id);
  }

  async list(actor: Principal, query: ClientListQuery): Promise<Client[]> {
    const qb = this.clients
      .createQueryBuilder('client')
      .leftJoinAndSelect('client.phones', 'phone')
      .leftJoin(Rep, 'owner', 'owner.id = client.ownerRepId')
      .orderBy('client.createdAt', 'DESC')
      .addOrderBy('client.id', 'ASC')
      .take(query.limit ?? 50);
    if (query.phone !== undefined) {
      qb.andWhere('client.id IN (SELECT p.client_id FROM client_phones p WHERE p.e164 = :e164)', { e164: requireE164(query.phone, 'phone') });
    }
    if (query.ownerRepId) qb.andWhere('client.ownerRepId = :ownerRepId', { ownerRepId: query.ownerRepId });
    if (actor.role === 'rep') qb.andWhere('client.ownerRepId = :self', { self: actor.repId });
    else if (actor.role !== 'admin') qb.andWhere('(owner.teamId = :team OR client.ownerRepId IS NULL)', { team: actor.teamId });
    return qb.getMany();
  }

  async get(actor: Principal, id: string): Promise<Client> {
    return (await this.loadVisible(actor, id)).client;
  }

  async update(actor: Principal, id: string, dto: UpdateClientDto): Promise<Client> {
    const { client, owner } = await this.loadVisible(actor, id);
    if (!canChangeOwned(actor, owner)) throw forbidden('Trainers do not change clients');
    if (dto.ownerRepId !== undefined) {
      if (actor.role === 'rep') throw forbidden('Only a supervisor or admin may change the owner');
      if (dto.ownerRepId !== null) await this.requireVisibleRep(actor, dto.ownerRepId);
    }
    if (dto.doNotCall === true && !dto.doNotCallReason) throw new DomainError('VALIDATION_FAILED', 'doNotCallReason is required when doNotCall is true');
    const before = { doNotCall: client.doNotCall, doNotCallReason: client.doNotCallReason, ownerRepId: client.ownerRepId, temperature: client.temperature, recordingRefused: client.recordingRefused };
    const patch: Partial<Client> = {};
    if (dto.doNotCall !== undefined) {
      patch.doNotCall = dto.doNotCall;
      patch.doNotCallReason = dto.doNotCall ? (dto.doNotCallReason ?? null) : null;
    }
    if (dto.ownerRepId !== undefined) patch.ownerRepId = dto.ownerRepId;
    if (dto.temperature !== undefined) patch.temperature = dto.temperature;
    if (dto.recordingRefused !== undefined) patch.recordingRefused = dto.recordingRefused;
    if (Object.keys(patch).length > 0) await this.clients.update({ id }, patch);
    await this.audit.record({ actor, action: 'client.update', entityType: 'client', entityId: id, details: { before, after: patch } });
    this.events.emit('client.changed', { clientId: id, at: new Date() });
    return this.loadWithPhones(id);
  }

  /**
   * Called by routing when a call ends. Replays and late events (at ≤ last_contact_at) change
   * nothing, so the "repeated miss" rule never counts one call twice. A failed call (our side)
   * says nothing about the client and is ignored.
   */
  async recordCallOutcome(input: CallOutcomeInput): Promise<Client> {
    await this.applyCallOutcome(input);
    return this.loadWithPhones(input.clientId);
  }

  /**
   * The same without reading the client back: what every ended call does. Optimistic instead of a
   * locking transaction (two statements, not four round trips): the UPDATE applies only if the row
   * is still the version that was read (`xmin`); a concurrent outcome makes it read again.
   */
  async applyCallOutcome(input: CallOutcomeInput): Promise<void> {
    if (input.outcome === 'failed') return;
    for (let attempt = 0; attempt < OUTCOME_ATTEMPTS; attempt += 1) {
      const [client]: Array<{ version: string; temperature: Temperature; last_contact_at: Date | null; last_outcome: CallOutcome | null }> = await this.dataSource.query(
        `SELECT xmin::text AS version, temperature, last_contact_at, last_outcome FROM clients WHERE id = $1`,
        [input.clientId],
      );
      if (!client) throw notFound('client', input.clientId);
      if (client.last_contact_at && input.at.getTime() <= client.last_contact_at.getTime()) return;
      const temperature = temperatureAfter({
        current: client.temperature,
        outcome: input.outcome,
        talkSeconds: Math.max(0, input.talkSeconds),
        lastContactAt: client.last_contact_at,
        lastOutcome: client.last_outcome,
        now: input.at,
      });
      const updated = await this.dataSource.query(
        `WITH u AS (UPDATE clients SET temperature = $2, last_contact_at = $3, last_outcome = $4, updated_at = now() WHERE id = $1 AND xmin::text = $5 RETURNING id) SELECT id FROM u`,
        [input.clientId, temperature, input.at, input.outcome, client.version],
      );
      if (updated.length > 0) return;
    }
    throw new DomainError('CONFLICT', `client ${input.clientId} kept changing while a call outcome was applied`);
  }

  async loadWithPhones(id: string): Promise<Client> {
    const client = await this.clients.findOne({ where: { id }, relations: { phones: true }, order: { phones: { label: 'ASC' } } });
    if (!client) throw notFound('client', id);
    return client;
  }

  /** A client named in the path: one the actor may not see reads like one that does not exist. */
  private async loadVisible(actor: Principal, id: string): Promise<{ client: Client; owner: OwnerRef | null }> {
    const { owner } = requireVisible(await this.scopeOf('clients', id), (scope) => canSeeOwned(actor, scope.owner), 'client', id);
    return { client: await this.loadWithPhones(id), owner };
  }

  /**
   * Who owns a client or deal, read in one statement whether the row exists or not, so a row out
   * of reach costs what a missing one does before the refusal. Undefined: no such row.
   */
  async scopeOf(table: 'clients' | 'deals', id: string): Promise<{ owner: OwnerRef | null } | undefined> {
    const [row]: Array<{ owner_rep_id: string | null; team_id: string | null }> = await this.dataSource.query(
      `SELECT t.owner_rep_id, r.team_id FROM ${table} t LEFT JOIN reps r ON r.id = t.owner_rep_id WHERE t.id = $1`,
      [id],
    );
    if (!row) return undefined;
    return { owner: row.owner_rep_id && row.team_id ? { id: row.owner_rep_id, teamId: row.team_id } : null };
  }

  async ownerOf(repId: string | null): Promise<OwnerRef | null> {
    if (!repId) return null;
    return this.reps.findOne({ where: { id: repId }, select: { id: true, teamId: true } });
  }

  /**
   * A rep named in a body. One the actor may not see gets the answer of one that does not exist,
   * so a body cannot probe which ids exist in other teams.
   */
  async requireVisibleRep(actor: Principal, repId: string): Promise<Rep> {
    const rep = await this.reps.findOne({ where: { id: repId } });
    if (!rep || !canSeeRep(actor, rep)) throw notFound('rep', repId);
    return rep;
  }
}

class LostPhoneRace extends Error {}

/** Reads and conditional updates of one client before giving up (each loss means another outcome landed). */
const OUTCOME_ATTEMPTS = 10;

function phoneTaken(phone: string): DomainError {
  return new DomainError('CONFLICT', `Phone ${phone} already belongs to another client`, { phone });
}

/** The number named by a uq_client_phones_e164 violation: "Key (e164)=(+4930…) already exists." */
function duplicatePhone(error: unknown): string | null {
  if (!isUniqueViolation(error, 'uq_client_phones_e164')) return null;
  return /\(e164\)=\(([^)]+)\)/.exec(pgErrorOf(error)?.detail ?? '')?.[1] ?? 'number';
}
