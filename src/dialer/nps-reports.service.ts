import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { visibleTeamIds } from '../auth/access.policy';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { NpsReportQuery } from './dto/campaign.dto';
import { attemptsPerResponse, npsFromCounts, responseRate } from './nps.policy';

export interface NpsReportRow {
  key: string | null;
  label: string | null;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  targetsReached: number;
  attempts: number;
  responseRate: number | null;
  attemptsPerResponse: number | null;
}

/** Group keys over responses (r), and over targets (t) joined to their deal owner (o) and campaign (k). */
const KEYS: Record<NpsReportQuery['groupBy'], { response: string; target: string; label: string }> = {
  campaign: { response: 'r.campaign_id::text', target: 't.campaign_id::text', label: `(SELECT name FROM campaigns WHERE id::text = g.key)` },
  rep: { response: 'r.rep_id::text', target: 'o.id::text', label: `(SELECT u.display_name FROM reps x JOIN users u ON u.id = x.user_id WHERE x.id::text = g.key)` },
  team: { response: 'rr.team_id::text', target: 'o.team_id::text', label: `(SELECT name FROM teams WHERE id::text = g.key)` },
  day: { response: `to_char(date_trunc('day', r.created_at), 'YYYY-MM-DD')`, target: `to_char(date_trunc('day', a.started_at), 'YYYY-MM-DD')`, label: 'g.key' },
  week: { response: `to_char(date_trunc('week', r.created_at), 'YYYY-MM-DD')`, target: `to_char(date_trunc('week', a.started_at), 'YYYY-MM-DD')`, label: 'g.key' },
  month: { response: `to_char(date_trunc('month', r.created_at), 'YYYY-MM')`, target: `to_char(date_trunc('month', a.started_at), 'YYYY-MM')`, label: 'g.key' },
};

/** NPS per campaign, rep (who won the deal), team or period, with response rate and attempts per response. */
@Injectable()
export class NpsReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(actor: Principal, query: NpsReportQuery): Promise<NpsReportRow[]> {
    const from = parseDate(query.from, new Date(0), 'from');
    const to = parseDate(query.to, new Date(Date.now() + 86_400_000), 'to');
    const teams = visibleTeamIds(actor);
    const key = KEYS[query.groupBy];
    const rows: Array<Record<string, string | number | null>> = await this.dataSource.query(
      `WITH resp AS (
         SELECT ${key.response} AS key, count(*) FILTER (WHERE r.score >= 9)::int AS promoters,
                count(*) FILTER (WHERE r.score BETWEEN 7 AND 8)::int AS passives, count(*) FILTER (WHERE r.score <= 6)::int AS detractors
         FROM nps_responses r LEFT JOIN reps rr ON rr.id = r.rep_id LEFT JOIN campaigns kk ON kk.id = r.campaign_id
         WHERE r.created_at >= $1 AND r.created_at < $2 AND ($3::uuid[] IS NULL OR kk.team_id = ANY($3) OR rr.team_id = ANY($3))
         GROUP BY 1),
       reach AS (
         SELECT ${key.target} AS key, count(DISTINCT t.id)::int AS targets_reached, count(a.id)::int AS attempts
         FROM campaign_attempts a JOIN campaign_targets t ON t.id = a.target_id JOIN campaigns k ON k.id = t.campaign_id
           LEFT JOIN deals d ON d.id = t.deal_id LEFT JOIN reps o ON o.id = d.owner_rep_id
         WHERE a.started_at >= $1 AND a.started_at < $2 AND ($3::uuid[] IS NULL OR k.team_id = ANY($3) OR o.team_id = ANY($3))
         GROUP BY 1),
       -- One row per key from either side. Not a FULL JOIN: PostgreSQL only full-joins on an
       -- equality it can merge or hash, and the key may be NULL (a response without a rep), which
       -- needs IS NOT DISTINCT FROM. GROUP BY already puts NULL keys together.
       g AS (SELECT key, sum(promoters) AS promoters, sum(passives) AS passives, sum(detractors) AS detractors,
                    sum(targets_reached) AS targets_reached, sum(attempts) AS attempts
             FROM (SELECT key, promoters, passives, detractors, NULL::int AS targets_reached, NULL::int AS attempts FROM resp
                   UNION ALL
                   SELECT key, NULL, NULL, NULL, targets_reached, attempts FROM reach) sides
             GROUP BY key)
       SELECT g.key, ${key.label} AS label, coalesce(g.promoters, 0) AS promoters, coalesce(g.passives, 0) AS passives, coalesce(g.detractors, 0) AS detractors,
              coalesce(g.targets_reached, 0) AS targets_reached, coalesce(g.attempts, 0) AS attempts
       FROM g ORDER BY g.key NULLS LAST`,
      [from, to, teams],
    );
    return rows.map((row) => {
      const counts = { promoters: Number(row.promoters), passives: Number(row.passives), detractors: Number(row.detractors) };
      const responses = counts.promoters + counts.passives + counts.detractors;
      const reached = Number(row.targets_reached);
      const attempts = Number(row.attempts);
      return { key: row.key as string | null, label: (row.label as string | null) ?? null, responses, ...counts, nps: npsFromCounts(counts), targetsReached: reached, attempts, responseRate: responseRate(responses, reached), attemptsPerResponse: attemptsPerResponse(attempts, responses) };
    });
  }
}

const CSV_COLUMNS: Array<keyof NpsReportRow> = ['key', 'label', 'responses', 'promoters', 'passives', 'detractors', 'nps', 'targetsReached', 'attempts', 'responseRate', 'attemptsPerResponse'];

/** Pure: report rows → CSV (RFC 4180 quoting; formula-looking cells defused for spreadsheets). */
export function reportToCsv(rows: NpsReportRow[]): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    let text = String(value);
    if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => cell(row[column])).join(','))].join('\r\n') + '\r\n';
}

function parseDate(raw: string | undefined, fallback: Date, field: string): Date {
  if (!raw) return fallback;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new DomainError('VALIDATION_FAILED', `${field} must be an ISO date`, { field });
  return date;
}
