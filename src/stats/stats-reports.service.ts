import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canSeeTeam, requireVisible } from '../auth/access.policy';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FunnelQuery, StatsRangeQuery } from './dto/stats.dto';
import { dailyPlan, monthlyPlan, percentDone } from './plan.policy';

export interface FunnelRow {
  group: string;
  stageKey: string;
  stageName: string;
  position: number;
  entered: number;
  calls: number;
  answeredCalls: number;
  talkSeconds: number;
  /** Calls per deal during the stay, over the stays that moved on (next stage or won). */
  touchesBeforeMove: number | null;
  advanced: number;
  won: number;
  lost: number;
  stillOpen: number;
  /** % of deals entering this stage that moved on (to a later stage or won) from it. */
  conversionNext: number | null;
  /** % of deals entering this stage whose deal is won now. */
  conversionWon: number | null;
}

export interface PlanRow {
  repId: string;
  repName: string;
  teamId: string;
  callsMade: number;
  callsAnswered: number;
  talkSeconds: number;
  dealsOpened: number;
  dealsWon: number;
  callsPlan: number;
  callsDone: number | null;
  dealsPlan: number;
  dealsDone: number | null;
  wonPlan: number;
  wonDone: number | null;
}

export interface HourRow {
  hour: string;
  inbound: number;
  answered: number;
  abandoned: number;
  outbound: number;
}

interface Range {
  from: Date;
  to: Date;
  teamId: string | null;
  repId: string | null;
}

const DAY_MS = 86_400_000;

/** Funnel, plan-vs-fact and deal timeline: read-only SQL over the CRM and the call journal. */
@Injectable()
export class StatsReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async funnel(actor: Principal, query: FunnelQuery): Promise<FunnelRow[]> {
    const range = await this.scope(actor, query);
    const group = { none: `'all'`, team: `coalesce(sd.team_id::text, 'none')`, rep: `coalesce(sd.owner_rep_id::text, 'none')` }[query.groupBy ?? 'none'];
    const rows: Array<Record<string, string | number | null>> = await this.db.query(
      `WITH sd AS (
         SELECT d.id, d.owner_rep_id, r.team_id, d.status FROM deals d LEFT JOIN reps r ON r.id = d.owner_rep_id
          WHERE ($3::uuid IS NULL OR r.team_id = $3) AND ($4::uuid IS NULL OR d.owner_rep_id = $4)),
       ch AS (
         SELECT c.deal_id, c.to_stage_id, c.to_status, c.at,
                lead(c.at) OVER w AS left_at, lead(c.to_stage_id) OVER w AS next_stage_id, lead(c.to_status) OVER w AS next_status
           FROM deal_stage_changes c JOIN sd ON sd.id = c.deal_id
         WINDOW w AS (PARTITION BY c.deal_id ORDER BY c.at, c.id)),
       visits AS (
         SELECT ch.*, ${group} AS grp, sd.status AS deal_status, s.position, ns.position AS next_position
           FROM ch JOIN sd ON sd.id = ch.deal_id JOIN pipeline_stages s ON s.id = ch.to_stage_id
           LEFT JOIN pipeline_stages ns ON ns.id = ch.next_stage_id
          WHERE ch.to_status = 'open' AND ch.at >= $1 AND ch.at < $2),
       touched AS (
         SELECT v.*, count(k.id) AS calls, count(k.answered_at) AS answered, coalesce(sum(k.talk_seconds), 0) AS talk,
                (v.next_status = 'won' OR (v.next_status = 'open' AND v.next_position > v.position)) AS moved_on
           FROM visits v LEFT JOIN calls k ON k.deal_id = v.deal_id AND k.created_at >= v.at AND (v.left_at IS NULL OR k.created_at < v.left_at)
          GROUP BY v.deal_id, v.to_stage_id, v.to_status, v.at, v.left_at, v.next_stage_id, v.next_status, v.grp, v.deal_status, v.position, v.next_position)
       SELECT t.grp AS "group", s.key AS "stageKey", s.name AS "stageName", s.position,
              count(*)::int AS entered, sum(t.calls)::int AS calls, sum(t.answered)::int AS "answeredCalls", sum(t.talk)::int AS "talkSeconds",
              (avg(t.calls) FILTER (WHERE t.moved_on))::float AS "touchesBeforeMove",
              count(*) FILTER (WHERE t.next_status = 'open' AND t.next_position > t.position)::int AS advanced,
              count(*) FILTER (WHERE t.next_status = 'won')::int AS won,
              count(*) FILTER (WHERE t.next_status = 'lost')::int AS lost,
              count(*) FILTER (WHERE t.left_at IS NULL)::int AS "stillOpen",
              (100.0 * count(*) FILTER (WHERE t.moved_on) / count(*))::float AS "conversionNext",
              (100.0 * count(*) FILTER (WHERE t.deal_status = 'won') / count(*))::float AS "conversionWon"
         FROM touched t JOIN pipeline_stages s ON s.id = t.to_stage_id
        GROUP BY t.grp, s.key, s.name, s.position ORDER BY t.grp, s.position`,
      [range.from, range.to, range.teamId, range.repId],
    );
    return rows as unknown as FunnelRow[];
  }

  async plan(actor: Principal, query: StatsRangeQuery): Promise<PlanRow[]> {
    const range = await this.scope(actor, query);
    const rows: Array<Record<string, string | number>> = await this.db.query(
      `SELECT r.id AS "repId", u.display_name AS "repName", r.team_id AS "teamId",
              r.daily_call_target, r.daily_deal_target, r.monthly_won_target,
              (SELECT count(*) FROM calls c WHERE c.rep_id = r.id AND c.direction = 'outbound' AND c.created_at >= $1 AND c.created_at < $2)::int AS "callsMade",
              (SELECT count(*) FROM calls c WHERE c.rep_id = r.id AND c.direction <> 'outbound' AND c.answered_at IS NOT NULL AND c.created_at >= $1 AND c.created_at < $2)::int AS "callsAnswered",
              (SELECT coalesce(sum(c.talk_seconds), 0) FROM calls c WHERE c.rep_id = r.id AND c.created_at >= $1 AND c.created_at < $2)::int AS "talkSeconds",
              (SELECT count(*) FROM deals d WHERE d.owner_rep_id = r.id AND d.opened_at >= $1 AND d.opened_at < $2)::int AS "dealsOpened",
              (SELECT count(*) FROM deals d WHERE d.owner_rep_id = r.id AND d.status = 'won' AND d.closed_at >= $1 AND d.closed_at < $2)::int AS "dealsWon"
         FROM reps r JOIN users u ON u.id = r.user_id
        WHERE r.enabled AND ($3::uuid IS NULL OR r.team_id = $3) AND ($4::uuid IS NULL OR r.id = $4)
        ORDER BY u.display_name`,
      [range.from, range.to, range.teamId, range.repId],
    );
    const days = this.config.rules.workingHours.days;
    return rows.map((row) => {
      const callsPlan = dailyPlan(Number(row.daily_call_target), range.from, range.to, days);
      const dealsPlan = dailyPlan(Number(row.daily_deal_target), range.from, range.to, days);
      const wonPlan = Math.round(10 * monthlyPlan(Number(row.monthly_won_target), range.from, range.to)) / 10;
      const calls = Number(row.callsMade) + Number(row.callsAnswered);
      return {
        repId: String(row.repId),
        repName: String(row.repName),
        teamId: String(row.teamId),
        callsMade: Number(row.callsMade),
        callsAnswered: Number(row.callsAnswered),
        talkSeconds: Number(row.talkSeconds),
        dealsOpened: Number(row.dealsOpened),
        dealsWon: Number(row.dealsWon),
        callsPlan,
        callsDone: percentDone(calls, callsPlan),
        dealsPlan,
        dealsDone: percentDone(Number(row.dealsOpened), dealsPlan),
        wonPlan,
        wonDone: percentDone(Number(row.dealsWon), wonPlan),
      };
    });
  }

  /**
   * Calls per clock hour (UTC) in the range: inbound offered, answered and abandoned, and outbound; hours without calls are left out.
   * A call counts for the team of its rep, or (never answered) of its client's owner; an unknown caller who gave up is an admin's only.
   */
  async callsPerHour(actor: Principal, query: StatsRangeQuery): Promise<HourRow[]> {
    const range = await this.scope(actor, query);
    const rows: Array<Record<string, string | number>> = await this.db.query(
      `SELECT to_char(date_trunc('hour', c.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24":00:00Z"') AS hour,
              count(*) FILTER (WHERE c.direction = 'inbound')::int AS inbound,
              count(*) FILTER (WHERE c.direction = 'inbound' AND c.answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE c.direction = 'inbound' AND c.outcome = 'abandoned')::int AS abandoned,
              count(*) FILTER (WHERE c.direction = 'outbound')::int AS outbound
         FROM calls c LEFT JOIN reps r ON r.id = c.rep_id LEFT JOIN clients cl ON cl.id = c.client_id LEFT JOIN reps o ON o.id = cl.owner_rep_id
        WHERE c.created_at >= $1 AND c.created_at < $2 AND ($3::uuid IS NULL OR coalesce(c.team_id, r.team_id, o.team_id) = $3) AND ($4::uuid IS NULL OR c.rep_id = $4)
        GROUP BY 1 ORDER BY 1`,
      [range.from, range.to, range.teamId, range.repId],
    );
    return rows.map((row) => ({ hour: String(row.hour), inbound: Number(row.inbound), answered: Number(row.answered), abandoned: Number(row.abandoned), outbound: Number(row.outbound) }));
  }

  /** One deal's story: stage changes, calls (with recordings), tasks and NPS answers, oldest first. */
  async dealTimeline(actor: Principal, dealId: string): Promise<{ dealId: string; items: Array<{ at: Date; kind: string; [key: string]: unknown }> }> {
    const [found] = await this.db.query(`SELECT d.id, d.owner_rep_id, r.team_id FROM deals d LEFT JOIN reps r ON r.id = d.owner_rep_id WHERE d.id = $1`, [dealId]);
    requireVisible(found as { owner_rep_id: string | null; team_id: string | null } | undefined, (deal) => (actor.role === 'rep' ? actor.repId === deal.owner_rep_id : canSeeTeam(actor, deal.team_id)), 'deal', dealId);
    const [stages, calls, tasks, nps] = await Promise.all([
      this.db.query(`SELECT c.at, 'stage' AS kind, c.to_status AS status, f.key AS "fromStage", t.key AS "toStage" FROM deal_stage_changes c LEFT JOIN pipeline_stages f ON f.id = c.from_stage_id LEFT JOIN pipeline_stages t ON t.id = c.to_stage_id WHERE c.deal_id = $1`, [dealId]),
      this.db.query(
        `SELECT c.created_at AS at, 'call' AS kind, c.id AS "callId", c.direction, c.outcome, c.rep_id AS "repId", c.talk_seconds AS "talkSeconds",
                coalesce(json_agg(json_build_object('recordingId', g.id, 'status', g.status, 'durationSeconds', g.duration_seconds)) FILTER (WHERE g.id IS NOT NULL), '[]') AS recordings
           FROM calls c LEFT JOIN recordings g ON g.call_id = c.id AND g.deleted_at IS NULL WHERE c.deal_id = $1 GROUP BY c.id`,
        [dealId],
      ),
      this.db.query(`SELECT t.created_at AS at, 'task' AS kind, t.id AS "taskId", t.type, t.status, t.reason, t.due_at AS "dueAt", t.completed_at AS "completedAt" FROM tasks t WHERE t.deal_id = $1`, [dealId]),
      this.db.query(`SELECT n.created_at AS at, 'nps' AS kind, n.score, n.call_id AS "callId" FROM nps_responses n WHERE n.deal_id = $1`, [dealId]),
    ]);
    const items = [...stages, ...calls, ...tasks, ...nps].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
    return { dealId, items };
  }

  /** Date range and team/rep filter after scoping: supervisors stay in their team, reps see themselves. */
  private async scope(actor: Principal, query: StatsRangeQuery): Promise<Range> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (!(from < to)) throw new DomainError('VALIDATION_FAILED', '`from` must be before `to`');
    if (to.getTime() - from.getTime() > 400 * DAY_MS) throw new DomainError('VALIDATION_FAILED', 'A range may span at most 400 days');
    let teamId = query.teamId ?? null;
    let repId = query.repId ?? null;
    if (actor.role === 'rep') {
      if (repId && repId !== actor.repId) throw new DomainError('FORBIDDEN', 'A rep sees only their own statistics');
      repId = actor.repId;
      teamId = null;
    } else if (actor.role !== 'admin') {
      if (teamId && teamId !== actor.teamId) throw new DomainError('FORBIDDEN', "Only your own team's statistics");
      teamId = actor.teamId;
      if (!teamId) throw new DomainError('FORBIDDEN', 'No team to show');
    }
    if (repId && actor.role !== 'rep') {
      const [rep] = await this.db.query(`SELECT team_id FROM reps WHERE id = $1`, [repId]);
      requireVisible(rep as { team_id: string } | undefined, (found) => canSeeTeam(actor, found.team_id), 'rep', repId);
    }
    return { from, to, teamId, repId };
  }
}
