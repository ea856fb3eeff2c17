import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { AriClient } from '../src/telephony/ari/ari.client';

/**
 * The baseline for the routing benchmark: answer, originate a free rep, bridge, tear down.
 * No database, no CRM, no ladder: what any ARI router must do at least. Built on the project's
 * own ARI adapter, so the comparison measures the service's routing, not the HTTP client.
 * `record` (off by default, as the issue defines the baseline) adds Asterisk's share of recording
 * each call, to compare the ways of recording: `bridge` (a recorder in a mixing bridge, what the
 * service does) or `snoop` (a snoop channel spying both directions of the caller, recorded).
 */
export type MinimalRecording = 'off' | 'bridge' | 'snoop';

export class MinimalRouter {
  readonly ari: AriClient;
  readonly latenciesMs: number[] = [];
  bridged = 0;
  private readonly free: string[];
  private readonly legs = new Map<string, { peer: string | null; bridgeId: string; rep: string | null }>();
  /** Names of the recordings made, deleted from Asterisk on close. */
  private readonly recordings: string[] = [];

  constructor(
    config: { url: string; user: string; password: string; app: string },
    endpoints: string[],
    private readonly record: MinimalRecording = 'off',
  ) {
    this.ari = new AriClient({ ...config, requestTimeoutMs: 5000, maxConnections: 128 }, pino({ level: 'warn' }));
    this.free = [...endpoints];
  }

  start(): void {
    this.ari.events.on('StasisStart', (event) => {
      const [kind, callerChannel] = event.args;
      if (kind === 'inbound') return this.onCaller(event.channel.id, performance.now());
      if (kind === 'rep-leg' && callerChannel) return this.onRep(event.channel.id, callerChannel);
      if (kind === 'snoop') return void this.startRecording(() => this.ari.recordChannel(event.channel.id, { name: randomUUID() }));
    });
    this.ari.events.on('StasisEnd', (event) => this.onGone(event.channel.id));
    this.ari.events.on('ChannelDestroyed', (event) => this.onGone(event.channel.id));
    this.ari.connect();
  }

  private async onCaller(channelId: string, receivedAt: number): Promise<void> {
    const rep = this.free.shift();
    const bridgeId = randomUUID();
    this.legs.set(channelId, { peer: null, bridgeId, rep: rep ?? null });
    const answering = this.ari.answer(channelId).catch(() => undefined);
    if (!rep) return;
    const repChannel = randomUUID();
    this.legs.set(repChannel, { peer: channelId, bridgeId, rep: null });
    (this.legs.get(channelId) as { peer: string | null }).peer = repChannel;
    const originate = this.ari.originate({ endpoint: `PJSIP/${rep}`, appArgs: ['rep-leg', channelId], timeoutSec: 15, channelId: repChannel, originator: channelId });
    this.latenciesMs.push(performance.now() - receivedAt);
    await Promise.all([answering, originate.catch(() => this.onGone(repChannel))]);
  }

  private async onRep(repChannel: string, callerChannel: string): Promise<void> {
    const leg = this.legs.get(callerChannel);
    if (!leg) return void this.ari.hangup(repChannel).catch(() => undefined);
    await this.ari.createBridge('mixing', leg.bridgeId);
    await this.ari.addToBridge(leg.bridgeId, [callerChannel, repChannel]);
    this.bridged += 1;
    if (this.record === 'bridge') await this.startRecording(() => this.ari.recordBridge(leg.bridgeId, { name: randomUUID() }));
    // The snoop channel enters Stasis on a thread of its own; it is recorded on its StasisStart.
    if (this.record === 'snoop') await this.ari.snoop(callerChannel, { spy: 'both', appArgs: ['snoop'] }).catch(() => undefined);
  }

  private async startRecording(start: () => Promise<{ name: string }>): Promise<void> {
    const recording = await start().catch(() => null);
    if (recording) this.recordings.push(recording.name);
  }

  private onGone(channelId: string): void {
    const leg = this.legs.get(channelId);
    if (!leg) return;
    this.legs.delete(channelId);
    if (leg.rep) this.free.push(leg.rep);
    if (leg.peer && this.legs.has(leg.peer)) {
      const peer = this.legs.get(leg.peer);
      this.legs.delete(leg.peer);
      if (peer?.rep) this.free.push(peer.rep);
      void this.ari.hangup(leg.peer).catch(() => undefined);
      void this.ari.destroyBridge(leg.bridgeId).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    for (const name of this.recordings.splice(0)) await this.ari.deleteStoredRecording(name).catch(() => undefined);
    await this.ari.close();
  }
}
