/**
 * Live statistics fan-out: event → dashboard latency with 1,000 connected socket.io clients at
 * 200 events/s. Loopback only, bounded in time (warm-up + SEND_SECONDS + drain).
 *
 *   npx nest build && node dist/bench/stats.bench.js            # defaults: 1000 clients, 200/s, 10 s
 *   CLIENTS=500 RATE=100 SEND_SECONDS=5 node dist/bench/stats.bench.js
 *
 * The service runs in this process (real app: PostgreSQL, Redis bus, socket.io with the Redis
 * adapter); events enter through the Redis statistics bus, as from another instance. Clients run
 * in CLIENT_PROCESSES child processes so their JSON decoding does not sit on the server's loop.
 * Every event is a new inbound call in one team; each client is that team's dashboard, so every
 * event reaches every client. Latency = client receive time − the event's own timestamp.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';

const CLIENTS = Number(process.env.CLIENTS ?? 1000);
const RATE = Number(process.env.RATE ?? 200);
const SEND_SECONDS = Number(process.env.SEND_SECONDS ?? 10);
const CLIENT_PROCESSES = Number(process.env.CLIENT_PROCESSES ?? 2);

interface Delta {
  changes: Array<{ kind: string; call?: { startedAt: number } | null }>;
}

async function clientMain(url: string, token: string, count: number): Promise<void> {
  const latencies: number[] = [];
  let connected = 0;
  let recording = false;
  const sockets: ReturnType<typeof io>[] = [];
  for (let index = 0; index < count; index += 1) {
    const socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.on('stats.snapshot', () => {
      connected += 1;
      if (connected === count) process.send?.({ type: 'ready' });
    });
    socket.on('stats.delta', (delta: Delta) => {
      if (!recording) return;
      const now = Date.now();
      for (const change of delta.changes) if (change.kind === 'call' && change.call) latencies.push(now - change.call.startedAt);
    });
    sockets.push(socket);
    if (index % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.on('message', (message: { type: string }) => {
    if (message.type === 'record') recording = true;
    if (message.type === 'report') {
      for (const socket of sockets) socket.disconnect();
      // Exit only once the (large) IPC message is written, or the parent never gets it.
      process.send?.({ type: 'latencies', latencies }, undefined, {}, () => process.exit(0));
    }
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function serverMain(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  process.env.ARI_APP ??= 'salescall-bench';
  process.env.QUEUE_PREFIX ??= 'salescall-bench';
  const { createHttpApp } = await import('../src/http-app');
  const { StatsBus } = await import('../src/stats/stats-bus');
  const app = await createHttpApp();
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const request = async (path: string, body: unknown, token?: string): Promise<Record<string, string>> => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, string>;
  };
  const admin = (await request('/auth/login', { login: process.env.ADMIN_LOGIN ?? 'admin', password: process.env.ADMIN_PASSWORD ?? 'admin-dev-password' })).accessToken;
  const teamId = (await request('/teams', { name: `Bench ${randomUUID().slice(0, 8)}` }, admin)).id;
  const login = `bench${Date.now().toString(36)}`;
  await request('/users', { login, displayName: 'Bench supervisor', password: 'bench-password-1', role: 'supervisor', teamId }, admin);
  const token = (await request('/auth/login', { login, password: 'bench-password-1' })).accessToken;

  const started = Date.now();
  const children = Array.from({ length: CLIENT_PROCESSES }, (_, index) => {
    const share = Math.floor(CLIENTS / CLIENT_PROCESSES) + (index < CLIENTS % CLIENT_PROCESSES ? 1 : 0);
    return fork(__filename, ['client', url, token, String(share)], { stdio: 'inherit' });
  });
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))));
  console.log(`${CLIENTS} dashboards connected and snapshotted in ${Date.now() - started} ms`);

  const bus = app.get(StatsBus);
  const send = (): void => bus.publish({ type: 'call.started', callId: randomUUID(), direction: 'inbound', teamId, repId: null, clientId: null, dealId: null, at: Date.now() });
  // Warm-up: 2 s at the target rate, not recorded.
  const tick = 1000 / RATE;
  const run = async (seconds: number): Promise<number> => {
    const begin = performance.now();
    let sent = 0;
    while (performance.now() - begin < seconds * 1000) {
      const due = Math.floor((performance.now() - begin) / tick);
      while (sent < due) {
        send();
        sent += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return sent;
  };
  await run(2);
  console.log('warm-up done');
  for (const child of children) child.send({ type: 'record' });
  const sent = await run(SEND_SECONDS);
  console.log(`sent ${sent}; draining`);
  await new Promise((resolve) => setTimeout(resolve, 3000)); // drain
  const reports = await Promise.all(children.map((child) => new Promise<number[]>((resolve) => {
    child.on('message', (message: { type: string; latencies?: number[] }) => message.type === 'latencies' && resolve(message.latencies ?? []));
    child.send({ type: 'report' });
  })));
  const all = reports.flat().sort((a, b) => a - b);
  const expected = sent * CLIENTS;
  console.log(`events sent: ${sent} in ${SEND_SECONDS} s (${(sent / SEND_SECONDS).toFixed(0)}/s); deliveries recorded: ${all.length} of ${expected} (${((100 * all.length) / expected).toFixed(1)}%)`);
  console.log(`event → client latency ms: p50 ${percentile(all, 50)}  p95 ${percentile(all, 95)}  p99 ${percentile(all, 99)}  max ${all.at(-1)}`);
  await app.close();
  process.exit(0);
}

if (process.argv[2] === 'client') void clientMain(process.argv[3], process.argv[4], Number(process.argv[5]));
else
  serverMain().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
