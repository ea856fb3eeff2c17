import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AriClient } from '../telephony/ari/ari.client';
import { CallRegistry, LegRole } from './call-registry';
import { InboundCall } from './inbound-call';

/**
 * Music for whoever is put on hold. In a Stasis bridge Asterisk does not play music on hold by
 * itself (verified on 22.10: a re-INVITE with a=sendonly from the rep's phone only raises
 * ChannelHold), so the service starts MOH on the other leg of the call and stops it on ChannelUnhold.
 */
@Injectable()
export class CallHoldService implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    private readonly ari: AriClient,
    private readonly calls: CallRegistry,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'call-hold' });
  }

  onApplicationBootstrap(): void {
    this.ari.events.on('ChannelHold', (event) => this.onHold(event.channel.id, true));
    this.ari.events.on('ChannelUnhold', (event) => this.onHold(event.channel.id, false));
  }

  private onHold(channelId: string, held: boolean): void {
    const entry = this.calls.byChannel(channelId);
    const target = entry ? holdMusicTarget(entry) : null;
    if (!entry || !target) return;
    entry.call.log.info({ heldBy: entry.role, held }, held ? 'call on hold: music to the other side' : 'call off hold');
    const request = held ? this.ari.startMoh(target) : this.ari.stopMoh(target);
    request.catch((error: unknown) => entry.call.log.warn({ err: error, held }, 'hold music request failed'));
  }
}

/** Who hears music when a leg holds: the other party of a connected, bridged call; nobody otherwise. */
export function holdMusicTarget(entry: { call: Pick<InboundCall, 'phase' | 'bridged' | 'channelId' | 'repChannelId'>; role: LegRole }): string | null {
  const { call, role } = entry;
  if (call.phase !== 'connected' || !call.bridged) return null;
  if (role === 'rep') return call.channelId;
  if (role === 'client') return call.repChannelId;
  return null;
}
