/**
 * A simulated sales floor against the running service (scripts/run.sh --demo starts both):
 * SIPp softphones for seeded reps of each tier (one strong rep never answers, to show the
 * fallback), SIPp callers from the seeded client base and from unknown numbers, and a few
 * click-to-calls. Prints what happened to every call at the end.
 */
import { Client } from 'pg';
import { SippRun, startSipp, startSippOnFreePort } from '../test/support/sipp';

const BASE = `http://127.0.0.1:${process.env.HTTP_PORT ?? '3000'}`;
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'admin-dev-password';
const REP_PASSWORD = process.env.SEED_PASSWORD ?? 'demo-password-123';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://salescall:salescall-dev-db@127.0.0.1:5432/salescall';

interface Rep {
  id: string;
  tier: string;
  sipEndpoint: string;
  user?: { login: string; displayName: string };
}

type Api = (method: string, path: string, body?: unknown, token?: string) => Promise<any>;

async function main(): Promise<void> {
  const api = apiClient();
  const admin = await login(api, 'admin', ADMIN_PASSWORD);
  const startedAt = new Date();
  const phones: SippRun[] = [];
  try {
    const answering = await startSippOnFreePort({ scenario: 'uas-answer.xml', calls: 100_000, vars: { ring_ms: 1500, talk_ms: 0 } });
    const silent = await startSippOnFreePort({ scenario: 'uas-no-answer.xml', calls: 100_000 });
    phones.push(answering, silent);
    const reps = await floorReps(api, admin);
    say(`softphones: ${reps.length} seeded reps get a SIPp phone (one strong rep never picks up)`);
    for (const [index, rep] of reps.entries()) {
      const phone = index === 0 ? silent : answering;
      await api('PATCH', `/reps/${rep.id}`, { sipStaticContact: `sip:${rep.sipEndpoint}@127.0.0.1:${phone.localPort}` }, admin);
      await api('POST', `/reps/${rep.id}/sip-credentials`, undefined, admin);
    }
    await waitFor(async () => (await api('GET', '/routing/floor', undefined, admin)).filter((entry: { state: string }) => entry.state === 'available').length >= reps.length - 1, 20_000);

    // The PSTN side of the trunk: clients who answer click-to-calls.
    phones.push(startSipp({ scenario: 'uas-answer.xml', localIp: '127.0.0.2', localPort: 5070, calls: 100, vars: { ring_ms: 2000, talk_ms: 5000 } }));

    const known: Array<{ phones: Array<{ e164: string }>; ownerRepId: string | null }> = await api('GET', '/clients?limit=40', undefined, admin);
    const owned = known.filter((client) => client.ownerRepId && reps.some((rep) => rep.id === client.ownerRepId)).slice(0, 4);
    const callers = [...owned.map((client) => client.phones[0].e164), ...known.slice(10, 13).map((client) => client.phones[0].e164), '+4915112345001', '+4915112345002', '+4917655500003'];
    say(`inbound: ${callers.length} callers (${owned.length} whose owner is on the floor, ${callers.length - owned.length - 3} other known clients, 3 unknown numbers)`);
    const clicker = reps.find((rep) => rep.tier === 'mid');
    if (clicker?.user) {
      const token = await login(api, clicker.user.login, REP_PASSWORD);
      // Reps may call their own clients or new numbers: a new number becomes a lead with a deal.
      const phone = known.find((client) => client.ownerRepId === clicker.id)?.phones[0].e164 ?? '+4930901820455';
      const started = await api('POST', '/calls/click-to-call', { phone }, token).catch((error: Error) => ({ error: error.message }));
      say(`click-to-call by ${clicker.user.displayName}: ${JSON.stringify(started)}`);
    }
    const calls: Promise<unknown>[] = [];
    for (const caller of callers) {
      calls.push(startSippOnFreePort({ scenario: 'uac-inbound-audio.xml', remote: '127.0.0.1:5060', localIp: '127.0.0.2', service: '4930555000', durationMs: 25_000, vars: { caller } }).then((run) => run.done));
      await sleep(2500);
    }

    await Promise.all(calls);
    await sleep(3000);
    await summary(startedAt);
  } finally {
    for (const phone of phones) await phone.stop(500);
  }
}

/** Strong, mid and junior reps of the first seeded team. */
async function floorReps(api: Api, token: string): Promise<Rep[]> {
  const all: Rep[] = await api('GET', '/reps', undefined, token);
  const byTier = (tier: string, count: number): Rep[] => all.filter((rep) => rep.tier === tier && rep.user?.login).slice(0, count);
  return [...byTier('strong', 3), ...byTier('mid', 3), ...byTier('junior', 1)];
}

async function summary(since: Date): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const { rows } = await db.query(
    `SELECT c.direction, c.caller_e164, c.callee_e164, c.route, c.outcome, c.wait_seconds, c.talk_seconds, u.display_name AS rep, r.tier,
            d.open_reason, (d.opened_by_call_id = c.id) AS deal_opened,
            (SELECT string_agg(t.type, ',') FROM tasks t WHERE t.source_call_id = c.id) AS tasks,
            (SELECT count(*) FROM call_events e WHERE e.call_id = c.id AND e.type = 'offer') AS offers
     FROM calls c LEFT JOIN reps r ON r.id = c.rep_id LEFT JOIN users u ON u.id = r.user_id LEFT JOIN deals d ON d.id = c.deal_id
     WHERE c.created_at >= $1 ORDER BY c.created_at`,
    [since],
  );
  await db.end();
  process.stdout.write('\ndirection  number          route          outcome    wait talk offers rep (tier)                  deal             tasks\n');
  for (const row of rows) {
    const number = row.direction === 'inbound' ? row.caller_e164 : row.callee_e164;
    process.stdout.write(
      `${row.direction.padEnd(10)} ${String(number).padEnd(15)} ${String(row.route ?? '-').padEnd(14)} ${String(row.outcome ?? 'live').padEnd(10)} ${String(row.wait_seconds ?? '-').padStart(4)} ${String(row.talk_seconds ?? '-').padStart(4)} ${String(row.offers).padStart(6)} ${`${row.rep ?? '-'} (${row.tier ?? '-'})`.padEnd(28)} ${(row.deal_opened ? 'opened by call' : 'existing').padEnd(16)} ${row.tasks ?? '-'}\n`,
    );
  }
  const answered = rows.filter((row) => row.outcome === 'answered').length;
  say(`${rows.length} calls, ${answered} answered, ${rows.filter((row) => row.deal_opened).length} deals opened by calls; open ${BASE}/dashboard (supervisor) or ${BASE}/trainer; API docs at ${BASE}/docs`);
}

function apiClient(): Api {
  return async (method, path, body, token) => {
    const response = await fetch(`${BASE}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

async function login(api: Api, user: string, password: string): Promise<string> {
  let token = '';
  await waitFor(async () => {
    const result = await api('POST', '/auth/login', { login: user, password }).catch(() => null);
    token = result?.accessToken ?? '';
    return token !== '';
  }, 60_000);
  return token;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`demo: timed out after ${timeoutMs} ms`);
    await sleep(300);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function say(message: string): void {
  process.stdout.write(`\x1b[1mdemo:\x1b[0m ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
