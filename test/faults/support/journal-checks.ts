import { Client } from 'pg';

export interface CallRecord {
  id: string;
  caller_e164: string;
  outcome: string | null;
  rep_id: string | null;
  client_id: string | null;
  deal_id: string | null;
  answered_at: Date | null;
  ended_at: Date | null;
  hangup_cause: string | null;
  /** Timeline event types in the order they were written (by id), not by their own timestamps. */
  written: string[];
  tasks: Array<{ type: string; status: string }>;
}

/** What the database holds for each caller: rows, timeline in write order, tasks on the call. */
export async function recordsOf(url: string, callers: string[]): Promise<Map<string, CallRecord[]>> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const rows: Array<Omit<CallRecord, 'written' | 'tasks'>> = (await db.query(`SELECT id, caller_e164, outcome, rep_id, client_id, deal_id, answered_at, ended_at, hangup_cause FROM calls WHERE caller_e164 = ANY($1) ORDER BY created_at`, [callers])).rows;
    const events: Array<{ call_id: string; type: string }> = (await db.query(`SELECT call_id, type FROM call_events WHERE call_id = ANY($1) ORDER BY id`, [rows.map((row) => row.id)])).rows;
    const tasks: Array<{ source_call_id: string; type: string; status: string }> = (await db.query(`SELECT source_call_id, type, status FROM tasks WHERE source_call_id = ANY($1)`, [rows.map((row) => row.id)])).rows;
    const byCaller = new Map<string, CallRecord[]>(callers.map((caller) => [caller, []]));
    for (const row of rows) {
      byCaller.get(row.caller_e164)?.push({
        ...row,
        written: events.filter((event) => event.call_id === row.id).map((event) => event.type),
        tasks: tasks.filter((task) => task.source_call_id === row.id).map(({ type, status }) => ({ type, status })),
      });
    }
    return byCaller;
  } finally {
    await db.end();
  }
}

/** The timeline of an answered inbound call, in write order (client.identified is optional). */
export function expectAnsweredTimeline(written: string[]): void {
  const core = written.filter((type) => type !== 'client.identified');
  expect(core[0]).toBe('call.started');
  expect(core).toContain('offer');
  expect(core.indexOf('offer')).toBeLessThan(core.indexOf('call.answered'));
  expect(core[core.length - 1]).toBe('call.ended');
  expect(core.filter((type) => type === 'call.ended')).toHaveLength(1);
}

/** Each caller's recordings (status, object key, size) as the database holds them. */
export async function recordingsOf(url: string, callers: string[]): Promise<Array<{ caller: string; status: string; key: string | null; size: number | null }>> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (
      await db.query(`SELECT c.caller_e164 AS caller, r.status, r.object_key AS key, r.size_bytes::int AS size FROM calls c JOIN recordings r ON r.call_id = c.id WHERE c.caller_e164 = ANY($1)`, [callers])
    ).rows;
  } finally {
    await db.end();
  }
}

/** The object's size as the S3 server reports it (HEAD), or null when it is not there. */
export async function storedObjectSize(s3Port: number, key: string): Promise<number | null> {
  const response = await fetch(`http://127.0.0.1:${s3Port}/salescall-recordings/${key.split('/').map(encodeURIComponent).join('/')}`, { method: 'HEAD' });
  return response.ok ? Number(response.headers.get('content-length')) : null;
}

/** Each rep's agent_state as stored in the database. */
export async function storedRepStates(url: string, repIds: string[]): Promise<Map<string, string>> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const rows: Array<{ id: string; agent_state: string }> = (await db.query(`SELECT id, agent_state FROM reps WHERE id = ANY($1)`, [repIds])).rows;
    return new Map(rows.map((row) => [row.id, row.agent_state]));
  } finally {
    await db.end();
  }
}
