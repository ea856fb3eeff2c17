import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AriClient } from '../telephony/ari/ari.client';
import { AriChannel } from '../telephony/ari/ari-resources';
import { CallRegistry } from './call-registry';
import { ColdBootRecoveryService } from './cold-boot-recovery.service';
import { InboundRouterService } from './inbound-router.service';
import { RepRosterService } from './rep-roster.service';

/**
 * ARI does not replay events missed while the websocket was down. After every reconnect the
 * router's view is compared with Asterisk's own channels: calls that ended in the gap are closed,
 * answers that happened in the gap are bridged, callers who arrived in the gap are routed, and no
 * rep is left ringing or on a call that no longer exists. The first time this process connects,
 * ColdBootRecoveryService first takes over what a killed predecessor left behind.
 */
@Injectable()
export class CallReconcilerService implements OnApplicationBootstrap {
  private asteriskStartedAt: string | null = null;
  private readonly logger: AppLogger;

  constructor(
    private readonly ari: AriClient,
    private readonly calls: CallRegistry,
    private readonly router: InboundRouterService,
    private readonly roster: RepRosterService,
    private readonly coldBoot: ColdBootRecoveryService,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'reconciler' });
  }

  onApplicationBootstrap(): void {
    // One pass at a time: two passes at once would both take the first for the process's first contact.
    let pass: Promise<unknown> = Promise.resolve();
    const run = (): void => {
      pass = pass.then(() => this.reconcile()).catch((error: unknown) => this.logger.error({ err: error }, 'reconcile failed'));
    };
    this.ari.events.on('connected', run);
    // The socket opens at module init: it may already be up by now, and its first 'connected' gone.
    if (this.ari.health().state === 'connected') run();
  }

  async reconcile(now = new Date()): Promise<{ closed: number; adopted: number; answered: number }> {
    const info = await this.ari.asteriskInfo();
    const firstContact = this.asteriskStartedAt === null;
    const restarted = !firstContact && this.asteriskStartedAt !== info.startedAt;
    this.asteriskStartedAt = info.startedAt;
    const channels = new Map((await this.ari.listChannels()).map((channel) => [channel.id, channel]));
    // This process just started: calls a killed predecessor left in Asterisk and open in the database.
    if (firstContact) for (const hungUp of await this.coldBoot.recover([...channels.values()], now)) channels.delete(hungUp);
    const gone = restarted ? 'asterisk restarted' : 'ended while ARI was disconnected';
    let closed = 0;
    let answered = 0;
    for (const call of this.calls.all()) {
      if (!channels.has(call.channelId)) {
        this.router.onChannelGone(call.channelId, 16, gone);
        closed += 1;
        continue;
      }
      if (call.phase === 'offering' && call.offer) {
        const leg = channels.get(call.offer.channelId);
        if (leg?.state === 'Up') {
          await this.router.onRepAnswered(leg, call.callId);
          answered += 1;
        } else if (!leg) this.router.offerFailed(call, call.offer.channelId, 'cancelled');
      } else if (call.phase === 'connected' && call.repChannelId && !channels.has(call.repChannelId)) {
        this.router.onChannelGone(call.repChannelId, 16, gone);
        closed += 1;
      } else if (call.phase === 'connected' && !call.bridged) {
        await this.router.ensureBridged(call).catch((error: unknown) => this.logger.error({ err: error, callId: call.callId }, 'bridging after reconnect failed'));
      }
    }
    // Only callers waiting in this app's Stasis: a trunk channel elsewhere (ringing the dialplan's
    // fallback group, or another app's call on the same Asterisk) is not ours to route.
    const ours = new Set((await this.ari.getApplication()).channelIds);
    const adopted = await this.adoptCallersFromGap([...channels.values()].filter((channel) => ours.has(channel.id)), now);
    this.releaseStuckReps(now);
    if (closed + adopted + answered > 0 || restarted) this.logger.info({ closed, adopted, answered, restarted }, 'reconciled with Asterisk');
    return { closed, adopted, answered };
  }

  /** Callers whose StasisStart was lost in the gap are still waiting in Stasis: route them now. */
  private async adoptCallersFromGap(channels: AriChannel[], now: Date): Promise<number> {
    let adopted = 0;
    for (const channel of channels) {
      if (this.calls.byChannel(channel.id) || channel.dialplan.context !== 'from-trunk') continue;
      await this.router.onInbound(channel, [channel.callerNumber, channel.dialplan.exten], now, performance.now());
      adopted += 1;
    }
    return adopted;
  }

  /** A rep ringing or on a call that no call in the registry accounts for is released. */
  private releaseStuckReps(now: Date): void {
    const busy = new Set<string>();
    for (const call of this.calls.all()) {
      if (call.offer) busy.add(call.offer.repId);
      if (call.phase === 'connected' && call.repId) busy.add(call.repId);
    }
    for (const rep of this.roster.list()) {
      if (busy.has(rep.id)) continue;
      if (rep.state === 'ringing') this.roster.apply(rep.id, { type: 'offer-failed', reason: 'cancelled' }, now);
      if (rep.state === 'on-call') this.roster.apply(rep.id, { type: 'call-ended' }, now);
    }
  }
}
