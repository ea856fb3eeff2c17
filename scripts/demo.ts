/**
 * A simulated sales floor against the running service (scripts/run.sh --demo starts both).
 * SIPp softphones for three strong reps (one never answers), one mid rep and one junior, then
 * five callers timed so that each rung of the routing ladder shows once, in order:
 *   1. owner first      a client whose owner is free rings the owner
 *   2. fallback         a client whose owner never answers goes on to another strong seller
 *   3. mid tier joins   every strong seller busy: the mid rep gets the call after the join delay
 *   4. queue served     nobody free: the caller waits on hold until a rep frees up
 *   5. gives up         nobody free before the caller hangs up: a callback task for the team
 * run.sh shortens the rules for the demo (ring 6 s, mid tier after 12 s, wrap-up 3 s) so the
 * whole floor plays out in about a minute and a half. The summary prints each scene with what
 * was expected and what the service did, and where to look for it.
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
  sipStaticContact?: string | null;
  user?: { login: string; displayName: string };
}

interface ClientRow {
  id: string;
  phones: Array<{ e164: string }>;
  ownerRepId: string | null;
}

/** One caller of the script: when they call (seconds after the first), how long they stay on the line in all. */
interface Scene {
  title: string;
  expect: string;
  caller: string;
  atSeconds: number;
  staySeconds: number;
}

type Api = (method: string, path: string, body?: unknown, token?: string) => Promise<any>;

async function main(): Promise<void> {
  const api = apiClient();
  const admin = await login(api, 'admin', ADMIN_PASSWORD);
  const phones: SippRun[] = [];
  try {
    const answering = await startSippOnFreePort({ scenario: 'uas-answer.xml', calls: 100_000, vars: { ring_ms: 1500, talk_ms: 0 } });
    const silent = await startSippOnFreePort({ scenario: 'uas-no-answer.xml', calls: 100_000 });
    phones.push(answering, silent);
    const floor = await floorReps(api, admin);
    const [silentRep, ownerRep] = floor;
    // Phones an earlier demo run gave other reps are gone: routing would ring them.
    for (const rep of (await api('GET', '/reps', undefined, admin)) as Rep[]) {
      if (rep.sipStaticContact && !floor.some((chosen) => chosen.id === rep.id)) await api('PATCH', `/reps/${rep.id}`, { sipStaticContact: null }, admin);
    }
    for (const rep of floor) {
      const phone = rep === silentRep ? silent : answering;
      await api('PATCH', `/reps/${rep.id}`, { sipStaticContact: `sip:${rep.sipEndpoint}@127.0.0.1:${phone.localPort}` }, admin);
      await api('POST', `/reps/${rep.id}/sip-credentials`, undefined, admin);
      // Whatever an earlier run left (the silent rep paused after two misses): everyone starts available.
      await api('POST', `/reps/${rep.id}/state`, { state: 'available', reason: 'demo' }, admin);
      say(`softphone: ${name(rep)} (${rep.tier})${rep === silentRep ? ' never picks up' : rep.tier === 'junior' ? ' is not on the inbound ladder' : ''}`);
    }
    const routable = floor.filter((rep) => rep.tier !== 'junior').length;
    await waitFor(async () => (await api('GET', '/routing/floor', undefined, admin)).filter((entry: { state: string }) => entry.state === 'available').length >= routable, 20_000);

    // The PSTN side of the trunk: clients who answer click-to-calls.
    phones.push(startSipp({ scenario: 'uas-answer.xml', localIp: '127.0.0.2', localPort: 5070, calls: 100, vars: { ring_ms: 2000, talk_ms: 5000 } }));

    const scenes = await script(api, admin, floor, ownerRep, silentRep);
    const startedAt = new Date();
    const t0 = Date.now();
    const calls: Array<Promise<unknown>> = [];
    for (const scene of scenes) {
      await sleep(Math.max(0, t0 + scene.atSeconds * 1000 - Date.now()));
      say(`t=${scene.atSeconds}s ${scene.title}: ${scene.caller} calls (stays ${scene.staySeconds} s)`);
      const run = await startSippOnFreePort({ scenario: 'uac-inbound-audio.xml', remote: '127.0.0.1:5060', localIp: '127.0.0.2', service: '4930555000', durationMs: scene.staySeconds * 1000, vars: { caller: scene.caller } });
      calls.push(run.done);
    }
    await Promise.all(calls);
    await clickToCall(api, admin, floor);
    await sleep(4000);
    await summary(startedAt, scenes);
  } finally {
    for (const phone of phones) await phone.stop(500);
  }
}

/**
 * The five callers. Times follow the demo rules from run.sh (ring 6 s, mid tier after 12 s of
 * waiting, wrap-up 3 s): the owner (1) is busy until ~43 s; the fallback caller (2) rings the silent
 * owner until ~10 s, then the other free strong seller, busy until ~37 s; caller 3 (at 12 s) finds
 * only the silent strong rep free, who misses again and is paused (two misses), and gets the mid rep
 * at 12 s of waiting (~24 s); caller 4 waits until the first rep frees up (~37 s); caller 5 gives
 * up at 10 s of waiting (~30 s), before anyone does.
 */
async function script(api: Api, admin: string, floor: Rep[], ownerRep: Rep, silentRep: Rep): Promise<Scene[]> {
  const ownedBy = async (rep: Rep): Promise<string> => {
    const [client]: ClientRow[] = await api('GET', `/clients?ownerRepId=${rep.id}&limit=1`, undefined, admin);
    if (client) return client.phones[0].e164;
    // A seeded rep without clients: give them one, so the owner rung has something to show.
    const created: ClientRow = await api('POST', '/clients', { name: `Demo client of ${name(rep)}`, phones: [`+49301234${String(floor.indexOf(rep)).padStart(4, '0')}`], ownerRepId: rep.id }, admin);
    return created.phones[0].e164;
  };
  const known: ClientRow[] = await api('GET', '/clients?limit=60', undefined, admin);
  const unowned = known.filter((client) => !floor.some((rep) => rep.id === client.ownerRepId));
  return [
    { title: '1 owner first', expect: `answered by the owner ${name(ownerRep)} (rung owner)`, caller: await ownedBy(ownerRep), atSeconds: 0, staySeconds: 40 },
    { title: '2 fallback', expect: `owner ${name(silentRep)} rings and does not answer; another strong seller answers`, caller: await ownedBy(silentRep), atSeconds: 4, staySeconds: 30 },
    { title: '3 mid tier joins', expect: `strong sellers busy (${name(silentRep)} rings again, misses and is paused); the mid rep answers after 12 s of waiting (rung mid)`, caller: unowned[0]?.phones[0].e164 ?? '+4915112345003', atSeconds: 12, staySeconds: 34 },
    { title: '4 queue served', expect: 'everyone busy; waits on hold ~25 s, then the first rep to free up answers', caller: '+4915112345001', atSeconds: 16, staySeconds: 55 },
    { title: '5 gives up', expect: 'everyone busy; hangs up after 10 s: abandoned, a callback task', caller: '+4917655500003', atSeconds: 20, staySeconds: 10 },
  ];
}

/** After the inbound scenes: the mid rep calls one of their clients (or a new number, which becomes a lead). */
async function clickToCall(api: Api, admin: string, floor: Rep[]): Promise<void> {
  const clicker = floor.find((rep) => rep.tier === 'mid');
  if (!clicker?.user) return;
  const token = await login(api, clicker.user.login, REP_PASSWORD);
  const [client]: ClientRow[] = await api('GET', `/clients?ownerRepId=${clicker.id}&limit=1`, undefined, admin);
  const phone = client?.phones[0].e164 ?? '+4930901820455';
  await waitFor(async () => (await api('GET', '/routing/floor', undefined, admin)).some((entry: { repId: string; state: string }) => entry.repId === clicker.id && entry.state === 'available'), 30_000).catch(() => undefined);
  const started = await api('POST', '/calls/click-to-call', { phone }, token).catch((error: Error) => ({ error: error.message }));
  say(`click-to-call by ${name(clicker)} to ${phone}: ${started.error ?? 'started'}`);
  await sleep(9000);
}

function name(rep: Rep): string {
  return rep.user?.displayName ?? rep.sipEndpoint;
}

/** The floor: the first three strong reps (the first one never answers), one mid rep, one junior. */
async function floorReps(api: Api, token: string): Promise<Rep[]> {
  const all: Rep[] = await api('GET', '/reps', undefined, token);
  const byTier = (tier: string, count: number): Rep[] => all.filter((rep) => rep.tier === tier && rep.user?.login).slice(0, count);
  return [...byTier('strong', 3), ...byTier('mid', 1), ...byTier('junior', 1)];
}

async function summary(since: Date, scenes: Scene[]): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const { rows } = await db.query(
    `SELECT c.id, c.deal_id, c.direction, c.caller_e164, c.callee_e164, c.outcome, c.wait_seconds, c.talk_seconds, u.display_name AS rep, r.tier,
            (d.opened_by_call_id = c.id) AS deal_opened,
            (SELECT string_agg(t.type, ',') FROM tasks t WHERE t.source_call_id = c.id) AS tasks,
            (SELECT string_agg(concat(e.data->>'rung', ':', coalesce(ou.display_name, '?')), ' > ' ORDER BY e.id)
               FROM call_events e LEFT JOIN reps orp ON orp.id::text = e.data->>'repId' LEFT JOIN users ou ON ou.id = orp.user_id
              WHERE e.call_id = c.id AND e.type = 'offer') AS offers
     FROM calls c LEFT JOIN reps r ON r.id = c.rep_id LEFT JOIN users u ON u.id = r.user_id LEFT JOIN deals d ON d.id = c.deal_id
     WHERE c.created_at >= $1 ORDER BY c.created_at`,
    [since],
  );
  await db.end();
  process.stdout.write('\n');
  for (const scene of scenes) {
    const row = rows.find((candidate) => candidate.direction === 'inbound' && candidate.caller_e164 === scene.caller);
    process.stdout.write(`\x1b[1m${scene.title}\x1b[0m  expected: ${scene.expect}\n`);
    if (!row) {
      process.stdout.write('   got: no call recorded\n');
      continue;
    }
    const who = row.rep ? `${row.rep} (${row.tier})` : 'nobody';
    process.stdout.write(`   got: ${row.outcome ?? 'live'}, waited ${row.wait_seconds ?? '-'} s, talked ${row.talk_seconds ?? '-'} s with ${who}; offers: ${row.offers ?? 'none'}; tasks: ${row.tasks ?? '-'}${row.deal_opened ? '; deal opened by the call' : ''}\n`);
    process.stdout.write(`   call ${row.id}, deal ${row.deal_id ?? '-'}\n`);
  }
  for (const row of rows.filter((candidate) => candidate.direction !== 'inbound')) {
    process.stdout.write(`${row.direction} to ${row.callee_e164}: ${row.outcome ?? 'live'}, talked ${row.talk_seconds ?? '-'} s, ${row.rep ?? '-'}${row.deal_opened ? ', deal opened by the call' : ''}\n`);
  }
  const answered = rows.filter((row) => row.outcome === 'answered').length;
  say(`${rows.length} calls, ${answered} answered, ${rows.filter((row) => row.deal_opened).length} deals opened by calls`);
  say('where to look:');
  say(`  ${BASE}/dashboard      live floor, funnel and charts (log in as a supervisor, or admin / ${ADMIN_PASSWORD})`);
  say(`  ${BASE}/workspace      a rep's page (log in as a rep above, password ${REP_PASSWORD})`);
  say(`  ${BASE}/docs           API; GET /stats/deals/{deal id}/timeline shows each offer, rung and reason`);
  say("  SQL: SELECT type, at, data FROM call_events WHERE call_id = '<call id above>' ORDER BY id;");
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
