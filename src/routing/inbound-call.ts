import { AppLogger } from '../common/logging/logger';
import { CallOutcome } from '../calls/call.entity';
import { Temperature } from '../crm/client.entity';
import { Rung } from './dispatch.policy';

export type CallPhase = 'identifying' | 'waiting' | 'offering' | 'connected' | 'ended';

export interface PendingOffer {
  repId: string;
  channelId: string;
  rung: Rung;
  reason: string;
  startedAt: Date;
}

/** One inbound call as the router holds it in memory while it lives. */
export interface InboundCall {
  callId: string;
  /** inbound from the trunk, or a dialer call handed over to a rep ("put me through"). */
  direction: 'inbound' | 'dialer';
  campaignId: string | null;
  channelId: string;
  callerE164: string | null;
  dialed: string;
  startedAt: Date;
  /** performance.now() when the StasisStart was handled: sub-millisecond routing latency. */
  receivedHr: number;
  enqueuedAt: Date;
  phase: CallPhase;
  clientId: string | null;
  temperature: Temperature | null;
  ownerRepId: string | null;
  dealId: string | null;
  triedRepIds: string[];
  /** Escalated into the strong tier's ladder (escalation.service.ts): no mid rung. */
  strongOnly: boolean;
  offeredBefore: boolean;
  offer: PendingOffer | null;
  repId: string | null;
  repTeamId: string | null;
  repChannelId: string | null;
  bridgeId: string | null;
  /** Both legs are in the bridge (false while ARI was unreachable mid-bridging: reconcile retries). */
  bridged: boolean;
  route: string | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  outcome: CallOutcome | null;
  hangupCause: string | null;
  log: AppLogger;
}

export function newInboundCall(init: Pick<InboundCall, 'callId' | 'channelId' | 'callerE164' | 'dialed' | 'startedAt' | 'receivedHr' | 'log'> & Partial<Pick<InboundCall, 'direction' | 'campaignId'>>): InboundCall {
  return {
    direction: 'inbound',
    campaignId: null,
    ...init,
    enqueuedAt: init.startedAt,
    phase: 'identifying',
    clientId: null,
    temperature: null,
    ownerRepId: null,
    dealId: null,
    triedRepIds: [],
    strongOnly: false,
    offeredBefore: false,
    offer: null,
    repId: null,
    repTeamId: null,
    repChannelId: null,
    bridgeId: null,
    bridged: false,
    route: null,
    answeredAt: null,
    endedAt: null,
    outcome: null,
    hangupCause: null,
  };
}

/** Seconds the caller waited (until a rep answered, or the end) and talked (0 unless answered). */
export function callDurations(call: Pick<InboundCall, 'enqueuedAt' | 'answeredAt'>, endedAt: Date): { waitSeconds: number; talkSeconds: number } {
  return { waitSeconds: secondsBetween(call.enqueuedAt, call.answeredAt ?? endedAt), talkSeconds: call.answeredAt ? secondsBetween(call.answeredAt, endedAt) : 0 };
}

export function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}
