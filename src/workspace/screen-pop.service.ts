import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { notFound } from '../common/errors/domain-error';
import { CallRegistry } from '../routing/call-registry';
import { RepRosterService } from '../routing/rep-roster.service';
import { buildScreenPop, ScreenPopFacts, ScreenPopView } from './screen-pop.view';

/** Who the call is for, from the router's memory (a ringing call's rows may not be written yet) or the database. */
interface CallScope {
  callId: string;
  callerE164: string | null;
  startedAt: Date;
  clientId: string | null;
  dealId: string | null;
  offeredRepIds: string[];
  teamIds: string[];
  rung: string | null;
  reason: string | null;
}

/**
 * The client card a rep sees while their phone rings. Only for calls offered to that rep (or
 * answered by them); supervisors and trainers for their team's calls; admins all.
 */
@Injectable()
export class ScreenPopService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calls: CallRegistry,
    private readonly roster: RepRosterService,
    private readonly audit: AuditService,
  ) {}

  async pop(actor: Principal, callId: string, now = new Date()): Promise<ScreenPopView> {
    const scope = this.live(callId, actor) ?? (await this.stored(callId, actor));
    if (!scope) throw notFound('call', callId);
    if (!mayPop(actor, scope)) {
      // Audited as denied; answered like a call that does not exist, so ids cannot be probed.
      await this.audit.record({ actor, action: 'workspace.pop', entityType: 'call', entityId: callId, outcome: 'denied' });
      throw notFound('call', callId);
    }
    return buildScreenPop(await this.facts(scope), actor, now);
  }

  private live(callId: string, actor: Principal): CallScope | null {
    const call = this.calls.byId(callId);
    if (!call) return null;
    const offered = call.offer ?? null;
    const repIds = [offered?.repId, call.repId].filter((id): id is string => Boolean(id));
    const teamIds = repIds.map((id) => this.roster.get(id)?.teamId).filter((id): id is string => Boolean(id));
    // The rung that rang this viewer: the live offer, else the one that connected the call.
    const mine = offered && (offered.repId === actor.repId || actor.role !== 'rep') ? offered : null;
    return { callId, callerE164: call.callerE164, startedAt: call.startedAt, clientId: call.clientId, dealId: call.dealId, offeredRepIds: repIds, teamIds, rung: mine?.rung ?? call.route, reason: mine?.reason ?? null };
  }

  private async stored(callId: string, actor: Principal): Promise<CallScope | null> {
    const [row] = await this.db.query(`SELECT id, caller_e164, created_at AS started_at, client_id, deal_id, rep_id, team_id, route FROM calls WHERE id = $1`, [callId]);
    if (!row) return null;
    const offers: Array<{ data: { repId?: string; rung?: string; reason?: string } }> = await this.db.query(`SELECT data FROM call_events WHERE call_id = $1 AND type = 'offer' ORDER BY at, id`, [callId]);
    const repIds = [...new Set([row.rep_id, ...offers.map((offer) => offer.data.repId)].filter((id): id is string => Boolean(id)))];
    const mine = [...offers].reverse().find((offer) => offer.data.repId === actor.repId) ?? offers.at(-1);
    const teamIds = [row.team_id, ...repIds.map((id) => this.roster.get(id)?.teamId)].filter((id): id is string => Boolean(id));
    return { callId, callerE164: row.caller_e164, startedAt: new Date(row.started_at), clientId: row.client_id, dealId: row.deal_id, offeredRepIds: repIds, teamIds, rung: mine?.data.rung ?? row.route, reason: mine?.data.reason ?? null };
  }

  private async facts(scope: CallScope): Promise<ScreenPopFacts> {
    const call = { callId: scope.callId, callerE164: scope.callerE164, startedAt: scope.startedAt, rung: scope.rung, reason: scope.reason };
    if (!scope.clientId) return { call, client: null, deal: null, lastCalls: [], openTasks: [], lastNps: null };
    const [clientRow] = await this.db.query(
      `SELECT c.id, c.name, c.temperature, c.created_at, c.owner_rep_id, u.display_name AS owner_name
         FROM clients c LEFT JOIN reps r ON r.id = c.owner_rep_id LEFT JOIN users u ON u.id = r.user_id WHERE c.id = $1`,
      [scope.clientId],
    );
    const [dealRow] = await this.db.query(
      `SELECT d.id, s.name AS stage_name, d.amount, d.currency, d.opened_by_call_id
         FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
        WHERE d.client_id = $1 AND (d.id = $2 OR d.status = 'open')
        ORDER BY (d.id = $2) DESC, d.opened_at DESC LIMIT 1`,
      [scope.clientId, scope.dealId],
    );
    const lastCalls = await this.db.query(
      `SELECT c.id, c.created_at AS at, c.direction, c.outcome, c.talk_seconds, c.rep_id, c.team_id, u.display_name AS rep_name, rec.id AS recording_id, rec.status AS recording_status
         FROM calls c LEFT JOIN reps r ON r.id = c.rep_id LEFT JOIN users u ON u.id = r.user_id
         LEFT JOIN recordings rec ON rec.call_id = c.id AND rec.deleted_at IS NULL
        WHERE c.client_id = $1 AND c.id <> $2 ORDER BY c.created_at DESC LIMIT 5`,
      [scope.clientId, scope.callId],
    );
    const tasks = await this.db.query(
      `SELECT t.id, t.type, t.due_at, t.reason, u.display_name AS assignee_name
         FROM tasks t LEFT JOIN reps r ON r.id = t.assignee_rep_id LEFT JOIN users u ON u.id = r.user_id
        WHERE t.client_id = $1 AND t.status = 'open' ORDER BY t.due_at LIMIT 10`,
      [scope.clientId],
    );
    const [nps] = await this.db.query(`SELECT score, created_at FROM nps_responses WHERE client_id = $1 ORDER BY created_at DESC LIMIT 1`, [scope.clientId]);
    return {
      call,
      client: clientRow ? { id: clientRow.id, name: clientRow.name, temperature: clientRow.temperature, createdAt: new Date(clientRow.created_at), ownerRepId: clientRow.owner_rep_id, ownerName: clientRow.owner_name } : null,
      deal: dealRow ? { id: dealRow.id, stageName: dealRow.stage_name, amount: String(dealRow.amount), currency: dealRow.currency, openedByCallId: dealRow.opened_by_call_id } : null,
      lastCalls: lastCalls.map((row: Record<string, any>) => ({ callId: row.id, at: new Date(row.at), direction: row.direction, outcome: row.outcome, talkSeconds: row.talk_seconds, repId: row.rep_id, repName: row.rep_name, teamId: row.team_id, recordingId: row.recording_id, recordingStatus: row.recording_status })),
      openTasks: tasks.map((row: Record<string, any>) => ({ id: row.id, type: row.type, dueAt: new Date(row.due_at), reason: row.reason, assigneeName: row.assignee_name })),
      lastNps: nps ? { score: Number(nps.score), at: new Date(nps.created_at) } : null,
    };
  }
}

/** Reps: only calls offered to (or answered by) them. Supervisors and trainers: their team's. Admins: all. */
export function mayPop(actor: Principal, scope: Pick<CallScope, 'offeredRepIds' | 'teamIds'>): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'rep') return actor.repId !== null && scope.offeredRepIds.includes(actor.repId);
  return actor.teamId !== null && scope.teamIds.includes(actor.teamId);
}
