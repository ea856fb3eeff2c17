import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { DomainError, forbidden } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NextCallService } from '../crm/next-call.service';
import { RepRosterService } from '../routing/rep-roster.service';
import { MyWorkDto, MyWorkNextCallDto, MyWorkTaskDto, MyWorkTodayDto } from './dto/my-work.dto';

/** The pause reasons the page offers; the API takes any reason (POST /reps/me/pause). */
export const PAUSE_REASONS = ['break', 'lunch', 'training', 'coaching', 'admin work'];

/** The rep's own panel: what to call next, callbacks due, presence, today against plan. */
@Injectable()
export class MyWorkService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly nextCalls: NextCallService,
    private readonly roster: RepRosterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async myWork(actor: Principal, now = new Date()): Promise<MyWorkDto> {
    if (actor.role !== 'rep' || !actor.repId) throw forbidden('Only reps have a work list');
    const repId = actor.repId;
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const dayEnd = new Date(dayStart.getTime() + 86_400_000);
    const [nextCall, callbacks, today] = await Promise.all([this.nextCall(actor, now), this.callbacks(repId, now, dayEnd), this.today(repId, dayStart)]);
    const rep = this.roster.get(repId);
    return {
      nextCall,
      callbacks,
      presence: {
        state: rep?.state ?? 'offline',
        since: rep?.stateSince ? rep.stateSince.toISOString() : null,
        pauseReason: rep?.pauseReason ?? null,
        wrapUpSeconds: this.config.rules.routing.wrapUpSeconds,
        pauseReasons: PAUSE_REASONS,
      },
      today,
    };
  }

  private async nextCall(actor: Principal, now: Date): Promise<MyWorkNextCallDto | null> {
    try {
      const next = await this.nextCalls.nextCallFor(actor, now);
      return { bucket: next.bucket, taskId: next.taskId, clientId: next.client.id, clientName: next.client.name, phone: next.client.phones?.[0]?.e164 ?? null, dealStage: next.openDeal?.stage.name ?? null };
    } catch (error) {
      // "No work right now" is an answer here, not an error.
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private async callbacks(repId: string, now: Date, dayEnd: Date): Promise<MyWorkTaskDto[]> {
    const rows = await this.db.query<Array<{ id: string; type: string; client_id: string; client_name: string; due_at: Date; reason: string }>>(
      `SELECT t.id, t.type, t.client_id, c.name AS client_name, t.due_at, t.reason
         FROM tasks t JOIN clients c ON c.id = t.client_id
        WHERE t.assignee_rep_id = $1 AND t.status = 'open' AND t.type IN ('callback', 'call-now') AND t.due_at < $2
        ORDER BY t.due_at, t.id LIMIT 50`,
      [repId, dayEnd],
    );
    return rows.map((row) => ({ id: row.id, type: row.type, clientId: row.client_id, clientName: row.client_name, dueAt: new Date(row.due_at).toISOString(), reason: row.reason, overdue: new Date(row.due_at).getTime() <= now.getTime() }));
  }

  private async today(repId: string, dayStart: Date): Promise<MyWorkTodayDto> {
    const [row] = await this.db.query<Array<{ calls: number; talk: number; won: number; call_target: number; deal_target: number }>>(
      `SELECT (SELECT count(*)::int FROM calls WHERE rep_id = $1 AND answered_at >= $2) AS calls,
              (SELECT coalesce(sum(talk_seconds), 0)::int FROM calls WHERE rep_id = $1 AND answered_at >= $2) AS talk,
              (SELECT count(*)::int FROM deals WHERE owner_rep_id = $1 AND status = 'won' AND closed_at >= $2) AS won,
              r.daily_call_target AS call_target, r.daily_deal_target AS deal_target
         FROM reps r WHERE r.id = $1`,
      [repId, dayStart],
    );
    return { calls: row?.calls ?? 0, callTarget: row?.call_target ?? 0, dealsWon: row?.won ?? 0, dealTarget: row?.deal_target ?? 0, talkSeconds: row?.talk ?? 0 };
  }
}
