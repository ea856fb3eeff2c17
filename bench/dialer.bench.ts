/**
 * NPS dialer pace and concurrency under a 500-target campaign, on the real stack: the app in this
 * process (PostgreSQL, Redis, BullMQ, ARI), the real Asterisk, SIPp on 127.0.0.2:5070 as every
 * client's phone (answers at once and plays g711a.pcap, so AMD says MACHINE after ~2.5 s and the
 * dialer hangs up: short calls that still go through originate → answer → AMD → Stasis).
 *
 *   npx nest build && flock /tmp/salescall-asterisk-e2e.lock node dist/bench/dialer.bench.js
 *   TARGETS=500 CONCURRENCY=20 CPS=10 flock /tmp/salescall-asterisk-e2e.lock node dist/bench/dialer.bench.js
 *
 * Hold the e2e lock (as above): the bench owns the "salescall" Stasis app and the trunk port.
 * Measured: max concurrent calls (the service's live dialer sessions and, independently, the trunk
 * channels Asterisk reports over ARI, sampled every 100 ms) and calls/s from the attempts' start
 * times (overall and the busiest 1 s window) against the campaign's limits.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const TARGETS = Number(process.env.TARGETS ?? 500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const CPS = Number(process.env.CPS ?? 10);
const DB_NAME = 'salescall_bench_dialer';

async function freshDatabase(): Promise<string> {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://salescall:salescall-dev-db@127.0.0.1:5432/salescall');
  const admin = new URL(url.toString());
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${DB_NAME}"`);
  await client.end();
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

async function main(): Promise<void> {
  process.env.DATABASE_URL = await freshDatabase();
  process.env.LOG_LEVEL ??= 'warn';
  process.env.ARI_APP = 'salescall';
  process.env.QUEUE_PREFIX = `salescall-bench-dialer-${Date.now()}`;
  process.env.HTTP_PORT = '0';
  // Imported after the environment is set: config is read once at boot.
  const { createHttpApp } = await import('../src/http-app');
  const { DialerCallsService } = await import('../src/dialer/dialer-calls.service');
  const { AriClient } = await import('../src/telephony/ari/ari.client');
  const { isInsideWindow } = await import('../src/dialer/dial-window.policy');
  const app = await createHttpApp();
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const db = app.get(DataSource);
  const dialer = app.get(DialerCallsService);
  const ari = app.get(AriClient);
  for (let i = 0; ari.health().state !== 'connected'; i += 1) {
    if (i > 150) throw new Error('ARI not connected');
    await sleep(100);
  }

  const zone = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'America/Los_Angeles'].find((z) => isInsideWindow({ timeZone: z }, { from: '09:00', to: '19:00' }, new Date()))!;
  const phones = Array.from({ length: TARGETS }, (_, i) => `+4915${String(10_000_000 + i)}`);
  const ids = phones.map(() => randomUUID());
  await db.query(`INSERT INTO clients (id, name, time_zone) SELECT id, 'Bench ' || id, $2 FROM unnest($1::uuid[]) AS id`, [ids, zone]);
  await db.query(`INSERT INTO client_phones (client_id, e164) SELECT * FROM unnest($1::uuid[], $2::text[])`, [ids, phones]);
  const token = (await post(base, '/auth/login', { login: 'admin', password: 'admin-dev-password' })).accessToken as string;
  const settings = { window: { from: '08:00', to: '21:00' }, maxAttempts: 1, concurrency: CONCURRENCY, callsPerSecond: CPS, ringSeconds: 10, callerId: '+4930123456789', notSureIsHuman: false };
  const campaign = await post(base, '/campaigns', { name: 'Bench', trigger: 'list', settings }, token);
  const upload = await post(base, `/campaigns/${campaign.id}/targets`, { csv: `phone\n${phones.join('\n')}\n` }, token);

  const sipp = spawn('/usr/bin/sipp', ['-sf', 'telephony/sipp/uas-answer.xml', '-i', '127.0.0.2', '-p', '5070', '-m', String(TARGETS), '-l', String(TARGETS), '-set', 'ring_ms', '0', '-set', 'talk_ms', '0', '-nostdin', '-timeout', '600s'], { stdio: 'ignore' });
  await sleep(500);

  let maxSessions = 0;
  let maxTrunkChannels = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxSessions = Math.max(maxSessions, dialer.activeCalls());
      const channels = await ari.listChannels().catch(() => []);
      maxTrunkChannels = Math.max(maxTrunkChannels, channels.filter((c) => c.name.startsWith('PJSIP/trunk-')).length);
      await sleep(100);
    }
  })();

  const started = Date.now();
  await post(base, `/campaigns/${campaign.id}/actions`, { action: 'start' }, token);
  let progress: Record<string, number | string> = {};
  while (Date.now() - started < 10 * 60_000) {
    progress = await get(base, `/campaigns/${campaign.id}/progress`, token);
    if (progress.status === 'completed') break;
    await sleep(500);
  }
  sampling = false;
  await sampler;
  const starts: number[] = (await db.query(`SELECT a.started_at FROM campaign_attempts a JOIN campaign_targets t ON t.id = a.target_id WHERE t.campaign_id = $1 ORDER BY a.started_at`, [campaign.id])).map((r: { started_at: Date }) => r.started_at.getTime());
  const outcomes = await db.query(`SELECT outcome, amd_status, count(*)::int AS n FROM campaign_attempts a JOIN campaign_targets t ON t.id = a.target_id WHERE t.campaign_id = $1 GROUP BY 1, 2 ORDER BY 3 DESC`, [campaign.id]);
  let busiest = 0;
  for (let i = 0, j = 0; i < starts.length; i += 1) {
    while (starts[i] - starts[j] >= 1000) j += 1;
    busiest = Math.max(busiest, i - j + 1);
  }
  const spanSeconds = starts.length > 1 ? (starts[starts.length - 1] - starts[0]) / 1000 : 0;
  const report = {
    targets: TARGETS,
    uploaded: upload.added,
    limits: { concurrency: CONCURRENCY, callsPerSecond: CPS },
    status: progress.status,
    attempts: starts.length,
    outcomes,
    maxConcurrentDialerSessions: maxSessions,
    maxConcurrentTrunkChannelsInAsterisk: maxTrunkChannels,
    achievedCallsPerSecondOverall: spanSeconds > 0 ? Math.round(((starts.length - 1) / spanSeconds) * 100) / 100 : null,
    busiestOneSecondWindowCalls: busiest,
    wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    concurrencyHeld: maxSessions <= CONCURRENCY && maxTrunkChannels <= CONCURRENCY,
    paceHeld: busiest <= Math.ceil(CPS),
  };
  console.log(JSON.stringify(report, null, 2));
  sipp.kill('SIGUSR1');
  await app.close();
  process.exit(0);
}

async function post(base: string, path: string, body: unknown, token?: string): Promise<Record<string, never>> {
  const response = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, never>;
}

async function get(base: string, path: string, token: string): Promise<Record<string, number | string>> {
  return (await (await fetch(base + path, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, number | string>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
