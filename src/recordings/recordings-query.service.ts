import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { forbidden } from '../common/errors/domain-error';
import { RecordingSearchQuery, TrendsQuery } from './dto/recordings.dto';
import { RecordingAccessService } from './recording-access.service';
import { searchScope, SearchScope } from './recordings.policy';

/** NPS about a call: the latest answer given about its deal (the dialer asks after a deal is won). */
const NPS_JOIN = `LEFT JOIN LATERAL (SELECT n.score FROM nps_responses n WHERE n.deal_id = c.deal_id OR n.call_id = c.id ORDER BY n.created_at DESC LIMIT 1) nps ON true`;

const SELECT = `
  SELECT r.id, r.call_id AS "callId", r.status, r.flag, r.started_at AS "startedAt", r.duration_seconds::float AS "durationSeconds",
         r.size_bytes::bigint AS "sizeBytes", r.sha256, r.paused_windows AS "pausedWindows", r.legal_hold AS "legalHold",
         c.direction, c.outcome, c.rep_id AS "repId", c.team_id AS "teamId", c.client_id AS "clientId", c.deal_id AS "dealId",
         u.display_name AS "repName", cl.name AS "clientName", d.status AS "dealStatus", s.key AS "dealStage", nps.score AS "nps",
         (SELECT round(avg(sc.score), 1)::float FROM recording_scores sc WHERE sc.recording_id = r.id) AS "qaScore"
    FROM recordings r
    JOIN calls c ON c.id = r.call_id
    LEFT JOIN reps rp ON rp.id = c.rep_id
    LEFT JOIN users u ON u.id = rp.user_id
    LEFT JOIN clients cl ON cl.id = c.client_id
    LEFT JOIN deals d ON d.id = c.deal_id
    LEFT JOIN pipeline_stages s ON s.id = d.stage_id
    ${NPS_JOIN}`;

/** Trainers' search and the score-vs-win-rate trends, always inside the caller's scope. */
@Injectable()
export class RecordingsQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: RecordingAccessService,
  ) {}

  async search(actor: Principal, query: RecordingSearchQuery): Promise<{ items: unknown[]; total: number; limit: number; offset: number }> {
    const scope = await this.scopeOrDeny(actor, query, 'recording.search');
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (scope.kind === 'team') add('c.team_id = ?', scope.teamId);
    if (scope.kind === 'rep') add('c.rep_id = ?', scope.repId);
    if (query.repId) add('c.rep_id = ?', query.repId);
    if (query.teamId) add('c.team_id = ?', query.teamId);
    if (query.from) add('r.started_at >= ?', new Date(query.from));
    if (query.to) add('r.started_at < ?', new Date(query.to));
    if (query.direction) add('c.direction = ?', query.direction);
    if (query.outcome) add('c.outcome = ?', query.outcome);
    if (query.dealStage) add('s.key = ?', query.dealStage);
    if (query.dealStatus) add('d.status = ?', query.dealStatus);
    add('r.status = ?', query.status ?? 'stored');
    if (query.minDuration !== undefined) add('r.duration_seconds >= ?', query.minDuration);
    if (query.maxDuration !== undefined) add('r.duration_seconds <= ?', query.maxDuration);
    if (query.npsMin !== undefined) add('nps.score >= ?', query.npsMin);
    if (query.npsMax !== undefined) add('nps.score <= ?', query.npsMax);
    const limit = query.limit ?? 25;
    const offset = query.offset ?? 0;
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM (${SELECT} ${whereSql}) filtered`, params);
    const items = await this.dataSource.query(`${SELECT} ${whereSql} ORDER BY r.started_at DESC, r.id LIMIT ${limit} OFFSET ${offset}`, params);
    return { items: items.map(normaliseRow), total, limit, offset };
  }

  async detail(actor: Principal, recordingId: string): Promise<Record<string, unknown>> {
    await this.access.load(actor, recordingId, 'recording.view');
    const [row] = await this.dataSource.query(`${SELECT} WHERE r.id = $1`, [recordingId]);
    return normaliseRow(row);
  }

  /**
   * Per rep and per team: weekly average QA score of scored calls in [from, to), beside the win rate
   * of deals they closed in the same period (won / (won + lost)).
   */
  async trends(actor: Principal, query: TrendsQuery): Promise<{ reps: unknown[]; teams: unknown[] }> {
    if (actor.role === 'rep') {
      await this.access.denied(actor, 'recording.trends', null, { teamId: query.teamId ?? null });
      throw forbidden('Score trends are for trainers, supervisors and admins');
    }
    const scope = await this.scopeOrDeny(actor, query, 'recording.trends');
    const teamId = scope.kind === 'team' ? scope.teamId : query.teamId ?? null;
    const params = [new Date(query.from), new Date(query.to), teamId];
    const scores: Array<{ rep_id: string; team_id: string; week: Date; avg: number; n: number }> = await this.dataSource.query(
      `SELECT c.rep_id, c.team_id, date_trunc('week', sc.created_at) AS week, round(avg(sc.score), 1)::float AS avg, count(*)::int AS n
         FROM recording_scores sc JOIN recordings r ON r.id = sc.recording_id JOIN calls c ON c.id = r.call_id
        WHERE sc.created_at >= $1 AND sc.created_at < $2 AND c.rep_id IS NOT NULL AND ($3::uuid IS NULL OR c.team_id = $3)
        GROUP BY 1, 2, 3 ORDER BY 3`,
      params,
    );
    const reps: Array<{ rep_id: string; team_id: string; name: string; won: number; lost: number }> = await this.dataSource.query(
      `SELECT rp.id AS rep_id, rp.team_id, u.display_name AS name,
              count(d.id) FILTER (WHERE d.status = 'won')::int AS won, count(d.id) FILTER (WHERE d.status = 'lost')::int AS lost
         FROM reps rp JOIN users u ON u.id = rp.user_id
         LEFT JOIN deals d ON d.owner_rep_id = rp.id AND d.closed_at >= $1 AND d.closed_at < $2
        WHERE ($3::uuid IS NULL OR rp.team_id = $3)
        GROUP BY rp.id, rp.team_id, u.display_name`,
      params,
    );
    return summariseTrends(scores, reps);
  }

  private async scopeOrDeny(actor: Principal, filter: { teamId?: string; repId?: string }, action: string): Promise<SearchScope> {
    const scope = searchScope(actor, filter);
    if (scope.kind === 'denied') {
      await this.access.denied(actor, action, null, { teamId: filter.teamId ?? null, repId: filter.repId ?? null, reason: scope.reason });
      throw forbidden(`You may not search these recordings (${scope.reason})`);
    }
    return scope;
  }
}

function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  return { ...row, sizeBytes: row.sizeBytes === null || row.sizeBytes === undefined ? null : Number(row.sizeBytes) };
}

interface TrendPoint {
  week: string;
  avgScore: number;
  scored: number;
}

/** Pure: weekly score rows and deal counts into per-rep and per-team series. */
export function summariseTrends(
  scores: Array<{ rep_id: string; team_id: string; week: Date; avg: number; n: number }>,
  reps: Array<{ rep_id: string; team_id: string; name: string; won: number; lost: number }>,
): { reps: unknown[]; teams: unknown[] } {
  const winRate = (won: number, lost: number): number | null => (won + lost === 0 ? null : Math.round((won / (won + lost)) * 1000) / 1000);
  const average = (points: TrendPoint[]): number | null => {
    const n = points.reduce((sum, point) => sum + point.scored, 0);
    return n === 0 ? null : Math.round((points.reduce((sum, point) => sum + point.avgScore * point.scored, 0) / n) * 10) / 10;
  };
  const repSeries = reps.map((rep) => {
    const points = scores.filter((row) => row.rep_id === rep.rep_id).map((row) => ({ week: new Date(row.week).toISOString().slice(0, 10), avgScore: row.avg, scored: row.n }));
    return { repId: rep.rep_id, teamId: rep.team_id, name: rep.name, avgScore: average(points), scores: points, won: rep.won, lost: rep.lost, winRate: winRate(rep.won, rep.lost) };
  });
  const teamIds = [...new Set(reps.map((rep) => rep.team_id))];
  const teams = teamIds.map((teamId) => {
    const members = repSeries.filter((rep) => rep.teamId === teamId);
    const weeks = new Map<string, TrendPoint>();
    for (const point of members.flatMap((rep) => rep.scores)) {
      const current = weeks.get(point.week) ?? { week: point.week, avgScore: 0, scored: 0 };
      const scored = current.scored + point.scored;
      weeks.set(point.week, { week: point.week, scored, avgScore: Math.round(((current.avgScore * current.scored + point.avgScore * point.scored) / scored) * 10) / 10 });
    }
    const points = [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
    const won = members.reduce((sum, rep) => sum + rep.won, 0);
    const lost = members.reduce((sum, rep) => sum + rep.lost, 0);
    return { teamId, avgScore: average(points), scores: points, won, lost, winRate: winRate(won, lost) };
  });
  return { reps: repSeries, teams };
}
