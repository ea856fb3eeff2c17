import { DataSource } from 'typeorm';
import { StatsEvent } from './live-stats.types';

interface JournalRow {
  type: string;
  at: Date;
  call_id: string;
  data: Record<string, unknown>;
  direction: string;
  team_id: string | null;
  rep_id: string | null;
  client_id: string | null;
  deal_id: string | null;
  caller_e164: string | null;
  outcome: string | null;
  client_name: string | null;
  deal_stage: string | null;
}

const ms = (at: Date): number => new Date(at).getTime();

/**
 * Today's calls as statistics events, read back from the call journal: what a new instance
 * starts from, and what the replay test compares with plain SQL over the calls table.
 */
export async function journalEventsSince(db: DataSource, since: Date): Promise<StatsEvent[]> {
  const rows: JournalRow[] = await db.query(
    `SELECT e.type, e.at, e.call_id, e.data, c.direction, c.team_id, c.rep_id, c.client_id, c.deal_id, c.caller_e164, c.outcome,
            cl.name AS client_name, s.name AS deal_stage
       FROM call_events e
       JOIN calls c ON c.id = e.call_id
       LEFT JOIN clients cl ON cl.id = c.client_id
       LEFT JOIN deals d ON d.id = c.deal_id
       LEFT JOIN pipeline_stages s ON s.id = d.stage_id
      WHERE c.created_at >= $1 AND e.type IN ('call.started', 'call.answered', 'call.ended')
      ORDER BY e.at, e.id`,
    [since],
  );
  const events: StatsEvent[] = [];
  for (const row of rows) {
    const base = { callId: row.call_id, at: ms(row.at) };
    if (row.type === 'call.started') {
      events.push({ ...base, type: 'call.started', direction: row.direction, teamId: row.team_id, repId: row.rep_id, clientId: row.client_id, dealId: row.deal_id });
      events.push({ ...base, type: 'call.queued', caller: row.caller_e164 });
      events.push({ type: 'call.details', callId: row.call_id, clientId: row.client_id, clientName: row.client_name, dealId: row.deal_id, dealStage: row.deal_stage });
    } else if (row.type === 'call.answered') {
      events.push({ ...base, type: 'call.answered', repId: (row.data.repId as string | undefined) ?? (row.rep_id as string), teamId: row.team_id, clientId: row.client_id, dealId: row.deal_id });
    } else {
      events.push({ ...base, type: 'call.ended', outcome: (row.data.outcome as string | undefined) ?? row.outcome ?? 'failed', teamId: row.team_id, repId: row.rep_id });
    }
  }
  return events;
}

export async function callDetails(db: DataSource, callId: string, clientId: string | null, dealId: string | null): Promise<StatsEvent | null> {
  if (!clientId && !dealId) return null;
  const [row] = await db.query(
    `SELECT cl.name AS client_name, s.name AS deal_stage FROM (SELECT 1) x
       LEFT JOIN clients cl ON cl.id = $1 LEFT JOIN deals d ON d.id = $2 LEFT JOIN pipeline_stages s ON s.id = d.stage_id`,
    [clientId, dealId],
  );
  return { type: 'call.details', callId, clientId, clientName: row?.client_name ?? null, dealId, dealStage: row?.deal_stage ?? null };
}

/** Open callbacks that a missed call created (source_call_id set), by the assignee's team. */
export async function openMissedCallbacks(db: DataSource): Promise<Map<string, number>> {
  const rows: Array<{ team_id: string; open: string }> = await db.query(
    `SELECT r.team_id, count(*) AS open FROM tasks t JOIN reps r ON r.id = t.assignee_rep_id
      WHERE t.type = 'callback' AND t.status = 'open' AND t.source_call_id IS NOT NULL GROUP BY r.team_id`,
  );
  return new Map(rows.map((row) => [row.team_id, Number(row.open)]));
}

/** Today's NPS answers by the team of the rep the answer is about. */
export async function npsSince(db: DataSource, since: Date): Promise<Map<string, { promoters: number; passives: number; detractors: number }>> {
  const rows: Array<{ team_id: string; promoters: string; passives: string; detractors: string }> = await db.query(
    `SELECT r.team_id, count(*) FILTER (WHERE n.score >= 9) AS promoters, count(*) FILTER (WHERE n.score BETWEEN 7 AND 8) AS passives,
            count(*) FILTER (WHERE n.score <= 6) AS detractors
       FROM nps_responses n JOIN reps r ON r.id = n.rep_id WHERE n.created_at >= $1 GROUP BY r.team_id`,
    [since],
  );
  return new Map(rows.map((row) => [row.team_id, { promoters: Number(row.promoters), passives: Number(row.passives), detractors: Number(row.detractors) }]));
}

export async function repNames(db: DataSource): Promise<Map<string, string>> {
  const rows: Array<{ id: string; display_name: string }> = await db.query(`SELECT r.id, u.display_name FROM reps r JOIN users u ON u.id = r.user_id WHERE r.enabled`);
  return new Map(rows.map((row) => [row.id, row.display_name]));
}
