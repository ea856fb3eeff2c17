import { Inject, Injectable } from '@nestjs/common';
import { CallOutcome } from '../calls/call.entity';
import { followUpFor } from '../calls/follow-up.policy';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ClientsService } from '../crm/clients.service';
import { DealsService } from '../crm/deals.service';
import { TasksService } from '../crm/tasks.service';
import { pickByStrategy } from './dispatch.policy';
import { RepRosterService } from './rep-roster.service';
import { callbackDueAt } from './working-hours.policy';

export interface CallParties {
  callId: string;
  callerE164: string | null;
  clientId: string | null;
  ownerRepId: string | null;
  dealId: string | null;
}

/**
 * What a call does to the client base: every call gets a client and an open deal, a missed call
 * becomes a callback, an answered one a "next contact" reminder. All idempotent by call id.
 */
@Injectable()
export class CallFollowUpService {
  constructor(
    private readonly clients: ClientsService,
    private readonly deals: DealsService,
    private readonly tasks: TasksService,
    private readonly roster: RepRosterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Unknown number → a new lead; no open deal → one is opened (reason "inbound call"). */
  async attachDeal(call: CallParties, reason: string): Promise<{ clientId: string; dealId: string; ownerRepId: string | null } | null> {
    let clientId = call.clientId;
    let ownerRepId = call.ownerRepId;
    if (!clientId) {
      if (!call.callerE164) return null;
      const client = await this.clients.createLeadForUnknownCaller(call.callerE164, 'inbound-call');
      clientId = client.id;
      ownerRepId = client.ownerRepId;
    }
    if (call.dealId) return { clientId, dealId: call.dealId, ownerRepId };
    const { deal } = await this.deals.ensureOpenDealForCall({ clientId, callId: call.callId, reason, ownerRepId });
    return { clientId, dealId: deal.id, ownerRepId };
  }

  async afterCall(call: CallParties & { outcome: CallOutcome; repId: string | null; talkSeconds: number; endedAt: Date }): Promise<void> {
    if (!call.clientId) return;
    await this.clients.applyCallOutcome({ clientId: call.clientId, outcome: call.outcome, talkSeconds: call.talkSeconds, at: call.endedAt });
    const followUp = followUpFor(call.outcome, call);
    if (followUp === 'callback') await this.createCallback(call, call.endedAt);
    else if (followUp === 'reminder' && call.repId) await this.createReminder({ ...call, repId: call.repId }, call.endedAt);
  }

  private async createCallback(call: CallParties & { outcome: CallOutcome }, now: Date): Promise<void> {
    const assignee = call.ownerRepId ?? this.fallbackStrongRep();
    const rules = this.config.rules;
    await this.tasks.createIfAbsent({
      type: 'callback',
      clientId: call.clientId as string,
      dealId: call.dealId,
      assigneeRepId: assignee,
      dueAt: callbackDueAt(rules.workingHours, rules.routing.callbackDueMinutes, now),
      reason: `${call.outcome} inbound call from ${call.callerE164 ?? 'unknown number'}`,
      sourceCallId: call.callId,
      dedupeKey: `callback:${call.callId}`,
    });
  }

  private async createReminder(call: CallParties & { repId: string }, now: Date): Promise<void> {
    if (await this.tasks.hasOpenTask(call.clientId as string, ['reminder', 'callback', 'follow-up'])) return;
    const rules = this.config.rules;
    await this.tasks.createIfAbsent({
      type: 'reminder',
      clientId: call.clientId as string,
      dealId: call.dealId,
      assigneeRepId: call.repId,
      dueAt: callbackDueAt(rules.workingHours, 24 * 60, now),
      reason: 'next contact after an answered call',
      sourceCallId: call.callId,
      dedupeKey: `reminder:${call.callId}`,
    });
  }

  /** No owner: a strong seller with the fewest calls today takes the callback. */
  private fallbackStrongRep(): string | null {
    return pickByStrategy(this.roster.list().filter((rep) => rep.tier === 'strong' && rep.enabled), 'fewest-calls')?.id ?? null;
  }
}
