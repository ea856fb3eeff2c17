/**
 * Routing benchmark: the same SIPp load (short calls from the trunk, hundreds of rep endpoints)
 * against (A) a minimal ARI router and (B) the full service, in one run on this machine.
 * For each: calls/s offered, % of calls that reached a rep, and StasisStart → rep-originate
 * latency p50/p95/p99. Run: npm run bench:routing  (root; needs the stack from scripts/lib.sh).
 *
 * Knobs (env): BENCH_RATES="10,20,30,40" calls/s, BENCH_STEP_SECONDS=15, BENCH_CALL_MS=1000,
 * BENCH_REPS=300, BENCH_ROUTERS="minimal,service" (either one alone to look at it),
 * BENCH_SERVICE_LOG_LEVEL=warn, BENCH_SERVICE_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 * BENCH_WARMUP_SECONDS=10 (calls at a low rate before the first step, not counted),
 * BENCH_STEP_GRACE_SECONDS=60 (a step whose SIPp has not finished this long after its last call
 * should have ended is stopped and reported unfinished, never counted as sustained),
 * BENCH_MINIMAL_RECORD=bridge|snoop makes the minimal router record every call (Asterisk's cost of
 * each way of recording; off by default, as the issue defines the baseline).
 * Each step also prints the CPU each process group used per call (router, Asterisk, PostgreSQL,
 * Redis, S3 server, SIPp), read from /proc: on a shared machine the rates are bound by their sum.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { summarize } from '../src/routing/routing-metrics';
import { startSippOnFreePort, SippRun } from '../test/support/sipp';
import { ensureAsterisk } from '../test/support/telephony';
import { MinimalRecording, MinimalRouter } from './minimal-router';
import { cpuBetween, describeCpu, GroupOf, sampleCpu } from './process-cpu';

const RATES = (process.env.BENCH_RATES ?? '10,20,30,40').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 15);
const CALL_MS = Number(process.env.BENCH_CALL_MS ?? 1000);
const REPS = Number(process.env.BENCH_REPS ?? 300);
/** Calls at a low rate before the first step, not counted: JIT, pools and the setup's after-work settle first. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
/** How long past its last call a step may run before the bench stops its SIPp and reports it unfinished. */
const STEP_GRACE_SECONDS = Number(process.env.BENCH_STEP_GRACE_SECONDS ?? 60);
const ROUTERS = (process.env.BENCH_ROUTERS ?? 'minimal,service').split(',').filter((router) => router === 'minimal' || router === 'service');
const ARI = { url: 'http://127.0.0.1:8088', user: 'salescall', password: process.env.ARI_PASSWORD ?? 'salescall-dev-ari', app: 'salescall' };
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://salescall:salescall-dev-db@127.0.0.1:5432/salescall_bench';
const HTTP_PORT = 3917;
const ADMIN_PASSWORD = 'bench-admin-password';

interface StepResult {
  router: string;
  rate: number;
  offered: number;
  reached: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** SIPp had not finished the step STEP_GRACE_SECONDS after its last call was due: stopped, never sustained. */
  unfinished: boolean;
}

interface LoadResult {
  offered: number;
  unfinished: boolean;
}

async function main(): Promise<void> {
  await ensureAsterisk();
  const lock = await holdAsteriskLock();
  const results: StepResult[] = [];
  try {
    for (const router of ROUTERS) {
      // Each router starts from the same state: fresh rep phones and no channels left in Asterisk
      // (an overloaded step leaves rep legs whose callers are gone).
      await hangUpEveryChannel();
      const phone = await startSippOnFreePort({ scenario: 'uas-answer.xml', calls: 10_000_000, vars: { ring_ms: 0, talk_ms: 0 } });
      try {
        results.push(...(await (router === 'minimal' ? benchMinimalRouter(phone) : benchService(phone))));
      } finally {
        await phone.stop(1000);
      }
    }
  } finally {
    lock.kill('SIGKILL');
  }
  report(results);
}

/** The bench holds the Asterisk lock: every channel left is its own. */
async function hangUpEveryChannel(): Promise<void> {
  const auth = { authorization: `Basic ${Buffer.from(`${ARI.user}:${ARI.password}`).toString('base64')}` };
  const channels = async () => (await (await fetch(`${ARI.url}/ari/channels`, { headers: auth })).json()) as Array<{ id: string }>;
  for (const channel of await channels()) await fetch(`${ARI.url}/ari/channels/${channel.id}`, { method: 'DELETE', headers: auth });
  await waitFor(async () => (await channels()).length === 0, 30_000);
}

async function benchMinimalRouter(phone: SippRun): Promise<StepResult[]> {
  const endpoints = Array.from({ length: REPS }, (_, i) => `bench-min-${i}`);
  const router = new MinimalRouter(ARI, endpoints, (process.env.BENCH_MINIMAL_RECORD ?? 'off') as MinimalRecording);
  for (const endpoint of endpoints) {
    await router.ari.deleteDynamicConfig('res_pjsip', 'aor', endpoint).catch(() => undefined);
    await router.ari.pushDynamicConfig('res_pjsip', 'aor', endpoint, { contact: `sip:${endpoint}@127.0.0.1:${phone.localPort}`, max_contacts: '1' });
    await router.ari.pushDynamicConfig('res_pjsip', 'endpoint', endpoint, { aors: endpoint, context: 'from-reps', disallow: 'all', allow: 'alaw,ulaw', direct_media: 'no' });
  }
  router.start();
  await waitFor(() => router.ari.health().state === 'connected', 10_000);
  await warmUp();
  const steps: StepResult[] = [];
  for (const rate of RATES) {
    router.latenciesMs.length = 0;
    const bridgedBefore = router.bridged;
    const cpu = startCpuWatch(process.pid);
    const { offered, unfinished } = await runLoad(rate);
    await settle();
    cpu.report(offered);
    const latency = summarize(router.latenciesMs);
    steps.push({ router: 'minimal', rate, offered, reached: router.bridged - bridgedBefore, p50: latency.p50, p95: latency.p95, p99: latency.p99, unfinished });
    log(steps[steps.length - 1]);
  }
  for (const endpoint of endpoints) {
    await router.ari.deleteDynamicConfig('res_pjsip', 'endpoint', endpoint).catch(() => undefined);
    await router.ari.deleteDynamicConfig('res_pjsip', 'aor', endpoint).catch(() => undefined);
  }
  await router.close();
  return steps;
}

async function benchService(phone: SippRun): Promise<StepResult[]> {
  await recreateDatabase();
  // BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service under load.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const service = spawn('node', [...nodeArgs, resolve(__dirname, '../dist/src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: DB_URL,
      HTTP_PORT: String(HTTP_PORT),
      LOG_LEVEL: process.env.BENCH_SERVICE_LOG_LEVEL ?? 'warn',
      ADMIN_PASSWORD,
      QUEUE_PREFIX: 'salescall-bench',
      RULE_WORKING_HOURS_DAYS: '[0,1,2,3,4,5,6]',
      RULE_WORKING_HOURS_OPEN: '00:00',
      RULE_WORKING_HOURS_CLOSE: '24:00',
      RULE_ROUTING_WRAP_UP_SECONDS: '0',
      // BENCH_RECORDINGS=off: the routing work alone, without recording, upload and the S3 server's share of the cores.
      ...(process.env.BENCH_RECORDINGS === 'off' ? { RULE_RECORDINGS_DIRECTIONS: '[]' } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const api = await serviceApi();
    const team = await api('POST', '/teams', { name: `Bench ${Date.now()}` });
    for (let i = 0; i < REPS; i += 1) {
      const login = `bench.rep${i}`;
      await api('POST', '/reps', { login, displayName: `Bench ${i}`, password: 'bench-password-1', teamId: team.id, tier: 'strong', sipStaticContact: `sip:rep-${login.replace('.', '-')}@127.0.0.1:${phone.localPort}` });
    }
    let floorStates = '';
    await waitFor(async () => {
      const floor: Array<{ state: string }> = await api('GET', '/routing/floor');
      floorStates = `${floor.length} reps on the floor, ${floor.filter((rep) => rep.state === 'available').length} available`;
      return floor.filter((rep) => rep.state === 'available').length >= REPS;
    }, 90_000).catch((error: Error) => {
      throw new Error(`${error.message} waiting for ${REPS} available reps: ${floorStates}`);
    });
    const db = new Client({ connectionString: DB_URL });
    await db.connect();
    await warmUp();
    const steps: StepResult[] = [];
    const journalLag: Array<{ stepStart: Date; reached: number }> = [];
    for (const rate of RATES) {
      await api('POST', '/routing/metrics/reset');
      const stepStart = new Date();
      const cpu = startCpuWatch(service.pid ?? -1);
      const commitsBefore = await committedTransactions(db);
      const { offered, unfinished } = await runLoad(rate);
      await settle();
      cpu.report(offered);
      process.stdout.write(`service PostgreSQL: ${(((await committedTransactions(db)) - commitsBefore) / Math.max(1, offered)).toFixed(1)} committed transactions per call (each autocommit statement is one)\n`);
      // Bridged calls as the service counts them, like the minimal router; the journal's rows
      // (written behind the routing path) are compared with it afterwards.
      const { offerLatencyMs, eventDeliveryMs, eventLoopDelayMs, connected: reached } = await api('GET', '/routing/metrics');
      const lat = (summary: { p50: number | null; p99: number | null; max: number | null }): string => `p50 ${fmt(summary.p50)} p99 ${fmt(summary.p99)} max ${fmt(summary.max)} ms`;
      process.stdout.write(`service StasisStart delivery (Asterisk timestamp → router) ${lat(eventDeliveryMs)}; event-loop delay ${lat(eventLoopDelayMs)}\n`);
      journalLag.push({ stepStart, reached });
      const states = new Map<string, number>();
      for (const rep of await api('GET', '/routing/floor')) states.set(rep.state, (states.get(rep.state) ?? 0) + 1);
      process.stdout.write(`service rep states after the step: ${[...states].map(([state, n]) => `${state} ${n}`).join(', ')}\n`);
      steps.push({ router: 'service', rate, offered, reached, p50: offerLatencyMs.p50, p95: offerLatencyMs.p95, p99: offerLatencyMs.p99, unfinished });
      log(steps[steps.length - 1]);
    }
    // The journal writes behind routing; once it catches up, every bridged call has its row.
    const bridged = journalLag.reduce((sum, step) => sum + step.reached, 0);
    // Rows of the steps only (the warm-up's calls came before the first step started).
    const countJournaled = async (): Promise<number> =>
      (await db.query(`SELECT count(*)::int AS n FROM calls WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL AND created_at >= $1`, [journalLag[0]?.stepStart ?? new Date(0)])).rows[0].n;
    await waitFor(async () => (await countJournaled()) >= bridged, 120_000).catch(() => undefined);
    const journaled = await countJournaled();
    process.stdout.write(`service journal: ${journaled} answered+ended call rows for ${bridged} bridged calls\n`);
    await db.end();
    return steps;
  } finally {
    await stopProcess(service);
  }
}

/**
 * One step of trunk load: `rate` calls/s for STEP_SECONDS, each talking CALL_MS. A step whose SIPp
 * is still running STEP_GRACE_SECONDS after its last call should have ended (an overloaded router
 * can leave calls SIPp waits on for minutes) is stopped and reported as unfinished: every call it
 * was to place counts as offered.
 */
async function runLoad(rate: number, seconds = STEP_SECONDS): Promise<LoadResult> {
  const calls = rate * seconds;
  const deadlineMs = (seconds + CALL_MS / 1000 + STEP_GRACE_SECONDS) * 1000;
  const run = await startSippOnFreePort({ scenario: 'uac-inbound-audio.xml', remote: '127.0.0.1:5060', localIp: '127.0.0.2', service: '4930555000', durationMs: CALL_MS, vars: { caller: '+4917099999999' }, calls, rate, limit: rate * 10, globalTimeoutMs: deadlineMs + 10_000 });
  let timer: NodeJS.Timeout | undefined;
  const overran = new Promise<'overran'>((resolveOverrun) => {
    timer = setTimeout(() => resolveOverrun('overran'), deadlineMs);
  });
  const outcome = await Promise.race([run.done, overran]);
  clearTimeout(timer);
  if (outcome === 'overran') {
    process.stdout.write(`step at ${rate} calls/s did not finish ${Math.round(deadlineMs / 1000)} s after it started: SIPp stopped, step reported unfinished\n`);
    const stopped = await run.stop(2000);
    return { offered: Math.max(calls, stopped.successful + stopped.failed), unfinished: true };
  }
  return { offered: outcome.successful + outcome.failed, unfinished: false };
}

async function warmUp(): Promise<void> {
  if (WARMUP_SECONDS <= 0) return;
  await runLoad(Math.min(10, RATES[0]), WARMUP_SECONDS);
  await settle();
}

/** Transactions the bench database has committed so far (the bench's own reads included: two per step). */
async function committedTransactions(db: Client): Promise<number> {
  const { rows } = await db.query(`SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()`);
  return Number(rows[0].n);
}

/** Where a step's CPU went, per call, by process group (the router is `routerPid`). */
function startCpuWatch(routerPid: number): { report(calls: number): void } {
  const groupOf: GroupOf = (pid, comm, cmdline) => {
    if (pid === routerPid) return 'router';
    if (pid === process.pid) return 'bench';
    if (comm === 'asterisk' || comm === 'postgres' || comm === 'sipp') return comm;
    if (comm === 'redis-server') return 'redis';
    if (cmdline.includes('s3rver')) return 's3';
    return null;
  };
  const before = sampleCpu(groupOf);
  const startedAt = Date.now();
  return {
    report(calls) {
      const seconds = (Date.now() - startedAt) / 1000;
      process.stdout.write(`${routerPid === process.pid ? 'minimal' : 'service'}  CPU: ${describeCpu(cpuBetween(before, sampleCpu(groupOf)), calls, seconds)}\n`);
    },
  };
}

async function serviceApi(): Promise<(method: string, path: string, body?: unknown) => Promise<any>> {
  const base = `http://127.0.0.1:${HTTP_PORT}`;
  let token = '';
  await waitFor(async () => {
    const response = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD }) }).catch(() => null);
    if (!response?.ok) return false;
    token = ((await response.json()) as { accessToken: string }).accessToken;
    return true;
  }, 60_000);
  return async (method, path, body) => {
    const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
}

async function recreateDatabase(): Promise<void> {
  const target = new URL(DB_URL);
  const admin = new URL(DB_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${target.pathname.slice(1)}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${target.pathname.slice(1)}"`);
  await client.end();
}

/** The same lock the e2e suites take: nobody else may hold the "salescall" Stasis app meanwhile. */
async function holdAsteriskLock(): Promise<ChildProcess> {
  const holder = spawn('flock', ['--exclusive', '/tmp/salescall-asterisk-e2e.lock', '-c', `echo locked; while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolveLock) => holder.stdout?.once('data', () => resolveLock()));
  return holder;
}

async function settle(): Promise<void> {
  await new Promise((resolveWait) => setTimeout(resolveWait, CALL_MS + 3000));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolveWait) => setTimeout(resolveWait, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}

function log(step: StepResult): void {
  process.stdout.write(`${step.router.padEnd(8)} ${String(step.rate).padStart(3)} calls/s: ${step.reached}/${step.offered} reached a rep, originate latency p50 ${fmt(step.p50)} p95 ${fmt(step.p95)} p99 ${fmt(step.p99)} ms${step.unfinished ? ' (UNFINISHED: stopped)' : ''}\n`);
}

function report(results: StepResult[]): void {
  const sustained = (router: string): StepResult | undefined =>
    results.filter((step) => step.router === router && !step.unfinished && step.offered > 0 && step.reached / step.offered >= 0.999).sort((a, b) => b.rate - a.rate)[0];
  const minimal = sustained('minimal');
  const service = sustained('service');
  process.stdout.write('\nrouter   calls/s  reached    p50 ms  p95 ms  p99 ms\n');
  for (const step of results) {
    process.stdout.write(`${step.router.padEnd(8)} ${String(step.rate).padStart(7)}  ${`${((100 * step.reached) / Math.max(1, step.offered)).toFixed(2)}%`.padStart(7)}  ${fmt(step.p50).padStart(6)}  ${fmt(step.p95).padStart(6)}  ${fmt(step.p99).padStart(6)}${step.unfinished ? '  unfinished (stopped)' : ''}\n`);
  }
  process.stdout.write(`\nsustained (>= 99.9% reached a rep): minimal ${minimal?.rate ?? 0} calls/s, service ${service?.rate ?? 0} calls/s`);
  if (minimal && service) {
    const ratio = (a: StepResult, b: StepResult): string => `${fmt(a.p95)} vs ${fmt(b.p95)} ms (${((a.p95 ?? 0) / Math.max(0.001, b.p95 ?? 0)).toFixed(2)}x)`;
    process.stdout.write(` -> ${((100 * service.rate) / minimal.rate).toFixed(0)}% of the minimal router's rate\n`);
    process.stdout.write(`p95, each at its own sustained rate: service ${ratio(service, minimal)}\n`);
    const sameRate = results.find((step) => step.router === 'minimal' && step.rate === service.rate);
    if (sameRate) process.stdout.write(`p95 at ${service.rate} calls/s: service ${ratio(service, sameRate)}`);
  }
  process.stdout.write('\n');
}

function fmt(value: number | null): string {
  return value === null ? '-' : value.toFixed(2);
}

main().then(
  // Client libraries keep timers alive; a finished benchmark releases the Asterisk lock at once.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
