import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Principal } from '../auth/principal';
import { CallJournalService } from '../calls/call-journal.service';
import { CallOutcome } from '../calls/call.entity';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { normalizeE164, requireE164 } from '../common/phone/e164';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ClientsService } from '../crm/clients.service';
import { canSeeOwned } from '../crm/crm.policy';
import { DealsService } from '../crm/deals.service';
import { bridgeLegs } from '../routing/call-bridge';
import { callIdForChannel } from '../routing/call-ids';
import { CallFollowUpService } from '../routing/call-follow-up.service';
import { describeCause, offerFailure } from '../routing/hangup-cause';
import { secondsBetween } from '../routing/inbound-call';
import { ringEndpoint } from '../routing/rep-endpoints';
import { RepRosterService } from '../routing/rep-roster.service';
import { RosterRep } from '../routing/roster.types';
import { AriClient } from '../telephony/ari/ari.client';
import { ClickToCallDto } from './dto/click-to-call.dto';
import { assertDialable, trunkDialString } from './outbound.policy';

const REP_RING_SECONDS = 20;
const CLIENT_RING_SECONDS = 40;

interface OutboundCall {
  callId: string;
  repId: string;
  teamId: string;
  repChannelId: string;
  clientChannelId: string;
  e164: string;
  clientId: string;
  dealId: string;
  phase: 'ringing-rep' | 'ringing-client' | 'connected' | 'ended';
  startedAt: Date;
  answeredAt: Date | null;
  log: AppLogger;
}

/**
 * Click-to-call: ring the rep's softphone first, then dial the client through the trunk, bridge
 * them and attach the call to the deal. The rep is never left holding a dead line.
 */
@Injectable()
export class ClickToCallService implements OnApplicationBootstrap {
  private readonly calls = new Map<string, OutboundCall>();
  private readonly byChannel = new Map<string, OutboundCall>();
  private readonly logger: AppLogger;

  constructor(
    private readonly ari: AriClient,
    private readonly roster: RepRosterService,
    private readonly clients: ClientsService,
    private readonly deals: DealsService,
    private readonly journal: CallJournalService,
    private readonly followUp: CallFollowUpService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'click-to-call' });
  }

  onApplicationBootstrap(): void {
    this.ari.events.on('StasisStart', (event) => {
      const [kind, callId] = event.args;
      if (kind === 'c2c-rep') return this.onRepAnswered(event.channel.id, callId);
      if (kind === 'c2c-client') return this.onClientAnswered(event.channel.id, callId);
    });
    this.ari.events.on('StasisEnd', (event) => this.onLegGone(event.channel.id, undefined));
    this.ari.events.on('ChannelDestroyed', (event) => this.onLegGone(event.channel.id, event.cause));
  }

  async start(actor: Principal, dto: ClickToCallDto): Promise<{ callId: string; dealId: string; clientId: string; phone: string }> {
    if (!actor.repId) throw forbidden('Only reps place calls from their softphone');
    const rep = this.roster.get(actor.repId);
    if (!rep) throw new DomainError('INVALID_STATE', 'This rep is disabled');
    if (!rep.reachable) throw new DomainError('REP_NOT_AVAILABLE', 'Your softphone is not registered');
    if (rep.state === 'on-call' || rep.state === 'ringing') throw new DomainError('REP_NOT_AVAILABLE', `You are ${rep.state}`);
    // Reserved in the same tick as the check: an inbound offer must not land on this rep while the
    // client and deal are read. Released (to the state before) if the call never starts.
    this.roster.apply(rep.id, { type: 'offered' });
    const { e164, clientId, clientChannelId, callId, dealId } = await this.prepare(actor, dto).catch((error: unknown) => {
      this.release(rep);
      throw error;
    });
    const call: OutboundCall = {
      callId,
      repId: rep.id,
      teamId: rep.teamId,
      repChannelId: randomUUID(),
      clientChannelId,
      e164,
      clientId,
      dealId,
      phase: 'ringing-rep',
      startedAt: new Date(),
      answeredAt: null,
      log: this.logger,
    };
    call.log = this.logger.child({ callId: call.callId, repId: rep.id });
    this.calls.set(call.callId, call);
    this.byChannel.set(call.repChannelId, call);
    this.journal.enqueue(call.callId, () =>
      this.journal.insertStart({ callId: call.callId, direction: 'outbound', channelId: clientChannelId, callerE164: this.config.rules.outbound.callerId, calleeE164: e164, clientId, dealId, repId: rep.id, teamId: rep.teamId, enqueuedAt: null, startedAt: call.startedAt }).then(() => undefined),
    );
    try {
      await this.ari.originate({ endpoint: `PJSIP/${ringEndpoint(rep)}`, appArgs: ['c2c-rep', call.callId], callerId: `"Call ${e164}" <${e164}>`, timeoutSec: REP_RING_SECONDS, channelId: call.repChannelId });
    } catch (error) {
      this.end(call, 'failed', 'rep phone unreachable');
      throw error;
    }
    call.log.info({ phone: e164, dealId }, 'click-to-call: ringing the rep');
    return { callId: call.callId, dealId, clientId, phone: e164 };
  }

  /** Who and what the call is for: the number, the client (a new lead if unknown) and the deal it is attached to. */
  private async prepare(actor: Principal, dto: ClickToCallDto): Promise<{ e164: string; clientId: string; clientChannelId: string; callId: string; dealId: string }> {
    const { e164, clientId } = await this.target(actor, dto);
    const clientChannelId = randomUUID();
    const callId = callIdForChannel(clientChannelId);
    return { e164, clientId, clientChannelId, callId, dealId: await this.deal(clientId, dto.dealId, callId) };
  }

  /** Undoes the reservation of a call that never started: the rep is back as they were (a pause keeps its reason). */
  private release(before: RosterRep): void {
    this.roster.apply(before.id, { type: 'offer-failed', reason: 'cancelled' });
    if (before.state === 'paused') this.roster.apply(before.id, { type: 'pause', reason: before.pauseReason ?? 'paused' });
  }

  private async target(actor: Principal, dto: ClickToCallDto): Promise<{ e164: string; clientId: string }> {
    if (!dto.clientId && !dto.phone) throw new DomainError('VALIDATION_FAILED', 'Give clientId or phone');
    const blocked = this.config.rules.outbound.blockedPrefixes;
    if (dto.clientId) {
      const client = await this.clients.loadWithPhones(dto.clientId);
      const owner = await this.clients.ownerOf(client.ownerRepId);
      // Named in the body: someone else's client answers like one that does not exist.
      if (!canSeeOwned(actor, owner) && client.ownerRepId !== null) throw notFound('client', dto.clientId);
      const e164 = dto.phone ? requireE164(dto.phone, 'phone', this.config.sip.defaultCountry) : client.phones?.[0]?.e164;
      if (!e164) throw new DomainError('VALIDATION_FAILED', 'The client has no phone number');
      if (dto.phone && !client.phones?.some((phone) => phone.e164 === e164)) throw new DomainError('VALIDATION_FAILED', 'That number is not one of the client\'s');
      assertDialable(e164, client, blocked);
      return { e164, clientId: client.id };
    }
    const e164 = requireE164(dto.phone, 'phone', this.config.sip.defaultCountry);
    const known = await this.clients.findByPhone(e164);
    assertDialable(e164, known?.client ?? null, blocked);
    if (known) {
      if (!canSeeOwned(actor, known.ownerRep) && known.ownerRep !== null) throw forbidden('Not your client');
      return { e164, clientId: known.client.id };
    }
    const lead = await this.clients.createLeadForUnknownCaller(e164, 'click-to-call');
    return { e164, clientId: lead.id };
  }

  private async deal(clientId: string, dealId: string | undefined, callId: string): Promise<string> {
    if (dealId) {
      const deal = await this.deals.openDealOf(clientId);
      if (!deal || deal.id !== dealId) throw new DomainError('VALIDATION_FAILED', 'dealId is not this client\'s open deal');
      return deal.id;
    }
    const { deal } = await this.deals.ensureOpenDealForCall({ clientId, callId, reason: 'outbound call' });
    return deal.id;
  }

  private async onRepAnswered(channelId: string, callId: string | undefined): Promise<void> {
    const call = callId ? this.calls.get(callId) : undefined;
    if (!call || call.repChannelId !== channelId || call.phase !== 'ringing-rep') {
      await this.ari.hangup(channelId).catch(() => undefined);
      return;
    }
    call.phase = 'ringing-client';
    this.roster.apply(call.repId, { type: 'answered' });
    this.byChannel.set(call.clientChannelId, call);
    await this.ari.ring(channelId).catch(() => undefined);
    try {
      await this.ari.originate({
        endpoint: trunkDialString(call.e164, this.config.rules.outbound.trunkEndpoint),
        appArgs: ['c2c-client', call.callId],
        callerId: this.config.rules.outbound.callerId,
        timeoutSec: CLIENT_RING_SECONDS,
        channelId: call.clientChannelId,
        originator: channelId,
      });
      call.log.info('rep answered; dialing the client');
    } catch (error) {
      call.log.warn({ err: error }, 'dialing the client failed');
      await this.ari.hangup(channelId).catch(() => undefined);
      this.end(call, 'failed', 'trunk refused the call');
    }
  }

  private async onClientAnswered(channelId: string, callId: string | undefined): Promise<void> {
    const call = callId ? this.calls.get(callId) : undefined;
    if (!call || call.clientChannelId !== channelId || call.phase !== 'ringing-client') {
      await this.ari.hangup(channelId).catch(() => undefined);
      return;
    }
    const now = new Date();
    call.phase = 'connected';
    call.answeredAt = now;
    try {
      await bridgeLegs(this.ari, call.callId, [call.repChannelId, channelId], { callEnded: () => call.phase === 'ended' });
    } catch (error) {
      call.log.error({ err: error }, 'bridging failed');
      await Promise.all([this.ari.hangup(channelId).catch(() => undefined), this.ari.hangup(call.repChannelId).catch(() => undefined)]);
      return this.end(call, 'answered', 'bridge failed');
    }
    call.log.info('client answered; bridged');
    this.journal.enqueue(call.callId, () => this.journal.markAnswered(call.callId, { at: now, repId: call.repId, teamId: call.teamId, route: 'click-to-call', clientId: call.clientId, dealId: call.dealId }));
    this.events.emit('call.bridged', { callId: call.callId, bridgeId: call.callId, direction: 'outbound', teamId: call.teamId, repId: call.repId, clientId: call.clientId, dealId: call.dealId, campaignId: null, at: now });
  }

  private onLegGone(channelId: string, cause: number | undefined): void {
    const call = this.byChannel.get(channelId);
    if (!call || call.phase === 'ended') return;
    const isRep = channelId === call.repChannelId;
    const other = isRep ? call.clientChannelId : call.repChannelId;
    if (call.phase === 'connected') {
      void this.ari.hangup(other).catch(() => undefined);
      return this.end(call, 'answered', `${isRep ? 'rep' : 'client'} hangup: ${describeCause(cause)}`);
    }
    if (isRep) {
      if (call.phase === 'ringing-client') void this.ari.hangup(call.clientChannelId).catch(() => undefined);
      return this.end(call, call.phase === 'ringing-rep' ? 'failed' : 'abandoned', `rep ${call.phase === 'ringing-rep' ? 'did not answer' : 'hung up while the client rang'}: ${describeCause(cause)}`);
    }
    // The client did not take the call: the rep hears it end.
    void this.ari.hangup(call.repChannelId).catch(() => undefined);
    const failure = offerFailure(cause);
    this.end(call, failure === 'busy' ? 'busy' : failure === 'unreachable' ? 'failed' : 'no-answer', `client ${describeCause(cause)}`);
  }

  private end(call: OutboundCall, outcome: CallOutcome, cause: string): void {
    if (call.phase === 'ended') return;
    const repWasUp = call.phase !== 'ringing-rep';
    call.phase = 'ended';
    const endedAt = new Date();
    this.calls.delete(call.callId);
    this.byChannel.delete(call.repChannelId);
    this.byChannel.delete(call.clientChannelId);
    if (call.answeredAt) void this.ari.destroyBridge(call.callId).catch(() => undefined);
    this.roster.apply(call.repId, repWasUp ? { type: 'call-ended' } : { type: 'offer-failed', reason: 'cancelled' }, endedAt);
    const talkSeconds = call.answeredAt ? secondsBetween(call.answeredAt, endedAt) : 0;
    call.log.info({ outcome, cause, talkSeconds }, 'click-to-call ended');
    this.journal.enqueue(call.callId, async () => {
      const ended = await this.journal.markEnded({ callId: call.callId, endedAt, outcome, hangupCause: cause.slice(0, 80), waitSeconds: null, talkSeconds: call.answeredAt ? talkSeconds : null, repId: call.repId, teamId: call.teamId, clientId: call.clientId, dealId: call.dealId, route: 'click-to-call' });
      if (ended && outcome !== 'failed') {
        await this.followUp.afterCall({ callId: call.callId, callerE164: normalizeE164(call.e164), clientId: call.clientId, ownerRepId: null, dealId: call.dealId, outcome, repId: call.repId, talkSeconds, endedAt });
      }
    });
  }
}
