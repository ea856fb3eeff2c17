import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainEvents } from '../common/events/domain-events';
import { AccountStatusService } from '../auth/account-status.service';
import { canSeeRep, canSeeTeam, requireVisible, visibleTeamIds } from '../auth/access.policy';
import { hashPassword } from '../auth/password-hasher';
import { Principal } from '../auth/principal';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/errors/postgres-errors';
import { CreateRepDto, CreateTeamDto, CreateUserDto, RepListQuery, UpdateRepDto, UpdateUserDto } from './dto/org.dto';
import { Rep } from './rep.entity';
import { SipAccountService, SipCredentials } from './sip-account.service';
import { Team } from './team.entity';
import { User } from './user.entity';

@Injectable()
export class OrgService {
  constructor(
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Rep) private readonly reps: Repository<Rep>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sipAccounts: SipAccountService,
    private readonly events: DomainEvents,
    private readonly accounts: AccountStatusService,
  ) {}

  async createTeam(actor: Principal, dto: CreateTeamDto): Promise<Team> {
    const team = await uniqueOrConflict(() => this.teams.save(this.teams.create({ name: dto.name })), 'team name');
    await this.audit.record({ actor, action: 'team.create', entityType: 'team', entityId: team.id });
    return team;
  }

  listTeams(actor: Principal): Promise<Team[]> {
    const ids = visibleTeamIds(actor);
    return this.teams.find({ where: ids ? { id: In(ids) } : {}, order: { name: 'ASC' } });
  }

  async createUser(actor: Principal, dto: CreateUserDto): Promise<User> {
    if (dto.role === 'rep') throw new DomainError('VALIDATION_FAILED', 'Create reps through POST /reps');
    if (dto.role !== 'admin' && !dto.teamId) throw new DomainError('VALIDATION_FAILED', 'teamId is required for this role');
    if (dto.teamId) await this.requireTeam(dto.teamId);
    const user = await uniqueOrConflict(
      async () =>
        this.users.save(
          this.users.create({ login: dto.login, displayName: dto.displayName, role: dto.role, teamId: dto.role === 'admin' ? null : dto.teamId, passwordHash: await hashPassword(dto.password) }),
        ),
      'login',
    );
    await this.audit.record({ actor, action: 'user.create', entityType: 'user', entityId: user.id, details: { role: dto.role } });
    return withoutHash(user);
  }

  /** Admin only. Switching a user off ends every session of theirs (tokens and live sockets) within seconds. */
  async updateUser(actor: Principal, id: string, dto: UpdateUserDto): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw notFound('user', id);
    if (dto.active === false && user.id === actor.userId) throw new DomainError('INVALID_STATE', 'You cannot disable your own account');
    const wasActive = user.active;
    if (dto.active !== undefined && dto.active !== wasActive) {
      await this.users.update({ id }, { active: dto.active });
      user.active = dto.active;
      await this.accounts.revokeTokens(user.id, dto.active ? 'user.enabled' : 'user.disabled');
    }
    await this.audit.record({ actor, action: 'user.update', entityType: 'user', entityId: user.id, details: { ...dto } });
    return withoutHash(user);
  }

  async createRep(actor: Principal, dto: CreateRepDto): Promise<Rep> {
    if (!canSeeTeam(actor, dto.teamId) || !['admin', 'supervisor'].includes(actor.role)) throw forbidden('Only an admin or this team\'s supervisor may add reps');
    if (dto.sipStaticContact && actor.role !== 'admin') throw forbidden('Only an admin may set a static SIP contact');
    await this.requireTeam(dto.teamId);
    const passwordHash = await hashPassword(dto.password);
    const rep = await uniqueOrConflict(
      () =>
        this.dataSource.transaction(async (manager) => {
          const user = await manager.save(User, manager.create(User, { login: dto.login, displayName: dto.displayName, role: 'rep', teamId: dto.teamId, passwordHash }));
          return manager.save(
            Rep,
            manager.create(Rep, {
              userId: user.id,
              teamId: dto.teamId,
              tier: dto.tier,
              sipEndpoint: sipEndpointFor(dto.login),
              skills: dto.skills ?? [],
              dailyCallTarget: dto.dailyCallTarget ?? 0,
              dailyDealTarget: dto.dailyDealTarget ?? 0,
              monthlyWonTarget: dto.monthlyWonTarget ?? 0,
              sipStaticContact: dto.sipStaticContact ?? null,
            }),
          );
        }),
      'login',
    );
    await this.audit.record({ actor, action: 'rep.create', entityType: 'rep', entityId: rep.id, details: { tier: rep.tier, teamId: rep.teamId } });
    const sip = await this.sipAccounts.issueCredentials(rep);
    this.events.emit('rep.changed', { repId: rep.id, enabled: rep.enabled, at: new Date() });
    // The SIP hashes are never part of an answer (the columns are select: false for reads).
    const { sipHa1: _hash, sipWebHa1: _webHash, ...visible } = rep;
    return Object.assign(visible, { sip }) as Rep & { sip: typeof sip };
  }

  /** A new SIP password (the old one stops working at once); shown in this response only. */
  async rotateSipCredentials(actor: Principal, id: string): Promise<SipCredentials> {
    const rep = await this.getManageableRep(actor, id);
    if (!rep.enabled) throw new DomainError('INVALID_STATE', 'Enable the rep before issuing SIP credentials');
    await this.audit.record({ actor, action: 'rep.sip-credentials', entityType: 'rep', entityId: rep.id });
    const credentials = await this.sipAccounts.issueCredentials(rep);
    this.events.emit('rep.changed', { repId: rep.id, enabled: rep.enabled, at: new Date() });
    return credentials;
  }

  async registration(actor: Principal, id: string): Promise<{ endpoint: string; state: string; channels: number }> {
    const rep = await this.getRep(actor, id);
    const endpoint = await this.sipAccounts.endpointState(rep.sipEndpoint);
    return { endpoint: rep.sipEndpoint, state: endpoint?.state ?? 'not-provisioned', channels: endpoint?.channelIds.length ?? 0 };
  }

  listReps(actor: Principal, query: RepListQuery): Promise<Rep[]> {
    if (actor.role === 'rep') return this.reps.find({ where: { id: actor.repId ?? '00000000-0000-0000-0000-000000000000' } });
    if (query.teamId && !canSeeTeam(actor, query.teamId)) throw forbidden('Not your team');
    const ids = visibleTeamIds(actor);
    const where: FindOptionsWhere<Rep> = {};
    if (query.teamId) where.teamId = query.teamId;
    else if (ids) where.teamId = In(ids);
    if (query.tier) where.tier = query.tier;
    return this.reps.find({ where, relations: { user: true }, order: { createdAt: 'ASC' } });
  }

  async getRep(actor: Principal, id: string): Promise<Rep> {
    return requireVisible(await this.reps.findOne({ where: { id }, relations: { user: true } }), (rep) => canSeeRep(actor, rep), 'rep', id);
  }

  async updateRep(actor: Principal, id: string, dto: UpdateRepDto): Promise<Rep> {
    const rep = await this.getManageableRep(actor, id);
    if (dto.sipStaticContact !== undefined && actor.role !== 'admin') throw forbidden('Only an admin may set a static SIP contact');
    const wasEnabled = rep.enabled;
    // Only the fields the request names: the DTO instance also carries the others as undefined,
    // which would blank them in the answer.
    for (const [field, value] of Object.entries(dto)) if (value !== undefined) Object.assign(rep, { [field]: value });
    await this.reps.save(rep);
    // First, before Asterisk can fail: disabled, every token and live socket of the rep goes.
    // Re-enabled, tokens from before the disable stay dead too, so the rep signs in again.
    if (wasEnabled !== rep.enabled) await this.accounts.revokeTokens(rep.userId, rep.enabled ? 'rep.enabled' : 'rep.disabled');
    // Disabling removes the SIP account from Asterisk at once; enabling (or a new contact) pushes it again.
    if (wasEnabled && !rep.enabled) await this.sipAccounts.remove(rep);
    else if (rep.enabled && (!wasEnabled || dto.sipStaticContact !== undefined)) await this.sipAccounts.pushStored(rep.id);
    this.events.emit('rep.changed', { repId: rep.id, enabled: rep.enabled, at: new Date() });
    await this.audit.record({ actor, action: 'rep.update', entityType: 'rep', entityId: rep.id, details: { ...dto } });
    return this.getRep(actor, id);
  }

  private async getManageableRep(actor: Principal, id: string): Promise<Rep> {
    if (actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden('Only an admin or supervisor may change a rep');
    return this.getRep(actor, id);
  }

  private async requireTeam(id: string): Promise<Team> {
    const team = await this.teams.findOne({ where: { id } });
    if (!team) throw notFound('team', id);
    return team;
  }
}

/** The SIP endpoint name is derived from the validated login: never free text in Asterisk config. */
export function sipEndpointFor(login: string): string {
  return `rep-${login.replace(/[^a-z0-9_-]/g, '-')}`.slice(0, 40);
}

function withoutHash(user: User): User {
  const copy = { ...user } as Partial<User>;
  delete copy.passwordHash;
  delete copy.tokenVersion;
  return copy as User;
}

async function uniqueOrConflict<T>(work: () => Promise<T>, what: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('CONFLICT', `That ${what} is already taken`);
    }
    throw error;
  }
}
