import { Inject, Injectable } from '@nestjs/common';
import { CallJournalService } from '../calls/call-journal.service';
import { CallOutcome } from '../calls/call.entity';
import { normalizeE164 } from '../common/phone/e164';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CallFollowUpService } from './call-follow-up.service';
import { Offer } from './dispatch.policy';
import { OfferFailure } from './hangup-cause';
import { InboundCall, secondsBetween } from './inbound-call';

/**
 * What an inbound call writes, all of it behind the routing path: each method queues the write on
 * the call's own journal chain and returns at once. The chain keeps a call's rows in the order
 * they were queued; the client base (lead, deal, tasks, temperature) follows from them.
 */
@Injectable()
export class InboundCallRecords {
  constructor(
    private readonly journal: CallJournalService,
    private readonly followUp: CallFollowUpService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The call row with who the caller was taken for; an unknown caller becomes a lead, a client without an open deal gets one. */
  started(call: InboundCall): void {
    this.journal.enqueue(call.callId, async () => {
      const inserted = { clientId: call.clientId, dealId: call.dealId };
      const identified = { clientId: call.clientId, ownerRepId: call.ownerRepId, dealId: call.dealId, temperature: call.temperature };
      const created = await this.journal.insertStart({ callId: call.callId, direction: 'inbound', channelId: call.channelId, callerE164: call.callerE164, calleeE164: normalizeE164(call.dialed, this.config.sip.defaultCountry), clientId: inserted.clientId, dealId: inserted.dealId, enqueuedAt: call.enqueuedAt, startedAt: call.startedAt, identified });
      const attached = await this.followUp.attachDeal(call, 'inbound call');
      if (!attached) return;
      call.clientId = attached.clientId;
      call.dealId = attached.dealId;
      call.ownerRepId ??= attached.ownerRepId;
      // A known client with an open deal (the usual case) went into the row this call just created.
      if (!created || attached.clientId !== inserted.clientId || attached.dealId !== inserted.dealId) await this.journal.attachClientAndDeal(call.callId, attached.clientId, attached.dealId);
    }, 'started');
  }

  /** A call handed over from another flow (the dialer) already has its row: only the timeline event. */
  handedOver(call: InboundCall, at: Date, ownerRepId: string | null): void {
    this.journal.enqueue(call.callId, () => this.journal.event(call.callId, 'routing.handover', at, { ownerRepId }, 'handover'));
  }

  offered(call: InboundCall, offer: Offer, at: Date): void {
    const attempt = call.triedRepIds.length + 1;
    this.journal.enqueue(call.callId, () => this.journal.markOffered(call.callId, at, { repId: offer.repId, rung: offer.rung, reason: offer.reason, ringSeconds: offer.ringSeconds, attempt }), 'offered');
  }

  /** `rep-hung-up`: the rep picked up and left before the bridge formed (seconds count from the pick-up). */
  offerFailed(call: InboundCall, failed: { repId: string; startedAt: Date }, reason: OfferFailure | 'rep-hung-up', at: Date): void {
    this.journal.enqueue(call.callId, () => this.journal.event(call.callId, 'offer.failed', at, { repId: failed.repId, reason, afterSeconds: secondsBetween(failed.startedAt, at) }), 'offer-failed');
  }

  answered(call: InboundCall, repId: string, at: Date): void {
    this.journal.enqueue(call.callId, () => this.journal.markAnswered(call.callId, { at, repId, teamId: call.repTeamId, route: call.route, clientId: call.clientId, dealId: call.dealId }), 'answered');
  }

  /** The end of the call, then what it means for the client: temperature, a callback or a reminder. */
  ended(call: InboundCall, outcome: CallOutcome, endedAt: Date, { waitSeconds, talkSeconds }: { waitSeconds: number; talkSeconds: number }): void {
    // The journal may run this twice (a retry after an outage): remembering that the row was
    // closed here keeps the follow-up, which only the closing write may trigger, from being lost.
    let closedHere: boolean | undefined;
    this.journal.enqueue(
      call.callId,
      async () => {
        closedHere ??= await this.journal.markEnded({ callId: call.callId, endedAt, outcome, hangupCause: call.hangupCause, waitSeconds, talkSeconds: call.answeredAt ? talkSeconds : null, repId: call.repId, teamId: call.repTeamId, clientId: call.clientId, dealId: call.dealId, route: call.route });
        if (closedHere) await this.followUp.afterCall({ ...call, outcome, repId: call.repId, talkSeconds, endedAt });
      },
      'ended',
    );
  }
}
