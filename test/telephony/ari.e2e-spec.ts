import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pino from 'pino';
import { AriClient } from '../../src/telephony/ari/ari.client';
import { AriEvent, AriEventOf, MODELLED_EVENT_TYPES } from '../../src/telephony/ari/ari-events';
import { expectEventually } from '../support/eventually';
import { startSippInboundCall } from './sipp-call';

/**
 * The ARI adapter against the real Asterisk of telephony/ (started if it is not running).
 * The dialplan hard-wires Stasis(salescall,...), so this suite takes the `salescall` app: it
 * refuses to start while another connection holds it, rather than silently stealing its calls.
 */
const ARI = { url: 'http://127.0.0.1:8088', user: 'salescall', password: 'salescall-dev-ari', app: 'salescall', requestTimeoutMs: 3_000, maxConnections: 8 };
const REPO = resolve(__dirname, '../..');

jest.setTimeout(240_000);

interface Signal {
  kind: 'connected' | 'disconnected';
  reconnect?: boolean;
  reason?: string;
  at: number;
}

const logLines: string[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
const events: AriEvent[] = [];
const signals: Signal[] = [];
let ari: AriClient;

function runScript(name: string): Promise<{ code: number | null; output: string }> {
  return run('bash', [resolve(REPO, 'telephony', name)]);
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolveRun({ code, output }));
  });
}

function eventFor<T extends AriEvent['type']>(type: T, match: (event: AriEventOf<T>) => boolean): AriEventOf<T> {
  // Fail with the real cause instead of a timeout when someone else's process took the app.
  if (events.some((event) => event.type === 'ApplicationReplaced')) {
    throw new Error(`another connection took over the ${ARI.app} ARI app during the test; run the telephony e2e suites one at a time`);
  }
  const found = events.find((event): event is AriEventOf<T> => event.type === type && match(event as AriEventOf<T>));
  if (!found) throw new Error(`no ${type} event yet`);
  return found;
}

/** A trunk call answered by the adapter, then hung up by the adapter; returns timings. */
async function answeredAndHungUpCall(): Promise<{ stasisStartMs: number; sippMs: number }> {
  const dialed = `4930${Math.floor(1e6 + Math.random() * 8e6)}`;
  const caller = `+49170${Math.floor(1e6 + Math.random() * 8e6)}`;
  // Talk time far longer than the test waits: a quick SIPp exit proves the BYE came from us.
  const talkMs = 60_000;
  const startedAt = Date.now();
  const sipp = startSippInboundCall({ dialed, caller, talkMs, timeoutSec: 90 });
  try {
    const start = await expectEventually(() => eventFor('StasisStart', (e) => e.args[2] === dialed), 20_000);
    const stasisStartMs = Date.now() - startedAt;
    expect(start.args).toEqual(['inbound', caller, dialed]);
    expect(start.channel.callerNumber).toBe(caller);
    expect(start.channel.dialplan).toMatchObject({ context: 'from-trunk', exten: dialed });
    const channelId = start.channel.id;

    // The StasisStart handler answers; the Up state change proves the answer reached the channel.
    await expectEventually(() => eventFor('ChannelStateChange', (e) => e.channel.id === channelId && e.channel.state === 'Up'), 10_000);
    expect((await ari.getChannel(channelId)).state).toBe('Up');
    await ari.hangup(channelId, 'normal');

    // With subscribeAll=false the app stops hearing about a channel once it leaves Stasis, so
    // StasisEnd (not ChannelDestroyed) is the last event a hung-up channel gives us.
    await expectEventually(() => eventFor('ChannelHangupRequest', (e) => e.channel.id === channelId), 10_000);
    await expectEventually(() => eventFor('StasisEnd', (e) => e.channel.id === channelId), 10_000);

    const result = await sipp.done;
    if (result.exitCode !== 0 || result.successfulCalls !== 1) throw new Error(`SIPp failed:\n${result.output}`);
    expect(result.elapsedMs).toBeLessThan(talkMs);
    return { stasisStartMs, sippMs: result.elapsedMs };
  } finally {
    sipp.stop();
    await sipp.done.catch(() => undefined);
  }
}

beforeAll(async () => {
  const status = await runScript('status.sh');
  if (status.code !== 0) {
    const started = await runScript('start.sh');
    if (started.code !== 0) throw new Error(`telephony/start.sh failed:\n${started.output}`);
  }
  ari = new AriClient(ARI, logger, { socket: { pingIntervalMs: 1_000, pongTimeoutMs: 2_000 } });
  // Nobody else may hold the app: our websocket would replace theirs and steal their calls.
  // ARI keeps listing an app while it still has channels even with no websocket attached, so
  // the check is "no other long-lived connection to Asterisk's HTTP server".
  await expectEventually(async () => {
    const { output } = await run('ss', ['-Htn', 'state', 'established', '( sport = :8088 )']);
    if (output.trim() !== '') throw new Error(`another client is connected to ARI (is a dev server running?):\n${output}`);
  }, 30_000, 500);

  ari.events.onAny((event) => void events.push(event));
  ari.events.on('connected', ({ reconnect }) => void signals.push({ kind: 'connected', reconnect, at: Date.now() }));
  ari.events.on('disconnected', ({ reason }) => void signals.push({ kind: 'disconnected', reason, at: Date.now() }));
  ari.events.on('StasisStart', async (event) => {
    if (event.args[0] === 'inbound') await ari.answer(event.channel.id);
  });
  ari.connect();
});

afterAll(async () => {
  await ari?.close();
});

describe('ARI adapter against the real Asterisk', () => {
  it('connects and registers the Stasis app', async () => {
    await expectEventually(() => expect(ari.health().state).toBe('connected'), 15_000);
    expect(signals[0]).toMatchObject({ kind: 'connected', reconnect: false });
    expect((await ari.getApplication()).name).toBe(ARI.app);
    expect((await ari.asteriskInfo()).version).toMatch(/^22\./);
  });

  it('asks Asterisk for the event types it models only, and gets nothing else', async () => {
    await expectEventually(async () => expect([...(await ari.getApplication()).eventsAllowed].sort()).toEqual([...MODELLED_EVENT_TYPES].sort()), 10_000);
    await answeredAndHungUpCall();
    // A call sets channel variables and changes dialplan position: without the filter those events come too.
    expect(events.filter((event) => event.type === 'Other').map((event) => (event as { rawType: string }).rawType)).toEqual([]);
  });

  it('sees a trunk call arrive with its Stasis args, answers it and hangs it up', async () => {
    const timings = await answeredAndHungUpCall();
    console.info(`call before restart: StasisStart after ${timings.stasisStartMs} ms, SIPp done after ${timings.sippMs} ms`);
  });

  it('reports the disconnect when Asterisk restarts and reconnects on its own', async () => {
    const signalsBefore = signals.length;
    const restartedAt = Date.now();
    const restart = runScript('restart.sh');

    await expectEventually(() => expect(ari.health().state).toBe('disconnected'), 30_000);
    const disconnected = await expectEventually(() => {
      const found = signals.slice(signalsBefore).find((s) => s.kind === 'disconnected');
      if (!found) throw new Error('no disconnected signal');
      return found;
    }, 5_000);
    const reconnected = await expectEventually(() => {
      const found = signals.slice(signalsBefore).find((s) => s.kind === 'connected');
      if (!found) throw new Error('no connected signal yet');
      return found;
    }, 120_000);
    const restartResult = await restart;
    const ariUpAt = Date.now();
    expect(restartResult.code).toBe(0);

    expect(reconnected.reconnect).toBe(true);
    const health = ari.health();
    expect(health).toMatchObject({ state: 'connected', reconnects: 1 });
    expect(health.lastDisconnectedAt?.getTime()).toBeGreaterThanOrEqual(restartedAt);
    expect(health.lastConnectedAt?.getTime()).toBeGreaterThanOrEqual(disconnected.at);
    console.info(
      `restart: disconnected ${disconnected.at - restartedAt} ms after restart began (${disconnected.reason}); ` +
        `reconnected ${reconnected.at - disconnected.at} ms after the disconnect; ` +
        `restart script returned ${ariUpAt - restartedAt} ms after it began`,
    );
  });

  it('still receives calls after the reconnect, with the event filter set again', async () => {
    await expectEventually(async () => expect((await ari.getApplication()).eventsAllowed).toContain('StasisStart'), 10_000);
    // ARI can answer before res_pjsip has loaded the trunk: a call placed then never reaches the
    // dialplan. Asterisk is ready for trunk calls once the trunk endpoint exists.
    await expectEventually(async () => expect((await ari.endpointState('PJSIP', 'trunk')).resource).toBe('trunk'), 20_000);
    const timings = await answeredAndHungUpCall();
    console.info(`call after restart: StasisStart after ${timings.stasisStartMs} ms, SIPp done after ${timings.sippMs} ms`);
  });

  it('kept the app to itself (nobody replaced our websocket meanwhile)', () => {
    expect(events.filter((event) => event.type === 'ApplicationReplaced')).toEqual([]);
  });

  it('never logged the ARI password', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).toContain('api_key=redacted');
    for (const line of logLines) expect(line).not.toContain(ARI.password);
  });

  it('stops for good on close()', async () => {
    await ari.close();
    expect(ari.health().state).toBe('disconnected');
    // Our events socket is gone from Asterisk's side too (no timers or sockets left behind).
    await expectEventually(async () => {
      const { output } = await run('ss', ['-Htn', 'state', 'established', '( sport = :8088 )']);
      if (output.trim() !== '') throw new Error(`still connected:\n${output}`);
    }, 10_000);
  });
});
