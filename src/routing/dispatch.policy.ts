import { RoutingRules } from '../config/app-config.schema';
import { isRoutable, RosterRep } from './roster.types';

/** A caller waiting to be connected, as the dispatcher sees it. */
export interface WaitingCall {
  callId: string;
  enqueuedAt: Date;
  hot: boolean;
  ownerRepId: string | null;
  /** Reps already offered this call and who did not take it, in this round. */
  triedRepIds: readonly string[];
  /** A rep's phone is ringing for this call right now. */
  offering: boolean;
  /** Escalated by a mid rep into the strong tier's ladder: the mid tier never joins. */
  strongOnly?: boolean;
}

export type Rung = 'owner' | 'strong' | 'mid';

export interface Offer {
  callId: string;
  repId: string;
  rung: Rung;
  ringSeconds: number;
  reason: string;
}

export interface DispatchDecision {
  offers: Offer[];
  /** Calls that waited the maximum time: end them with a callback task. */
  expired: string[];
  /** Calls whose every candidate was tried: their tried list starts over. */
  restartRound: string[];
  /** When a waiting call's options change by themselves (mid tier joins, max wait): run again then. */
  wakeAt: Date | null;
}

type RulesForDispatch = Pick<RoutingRules, 'ownerRingSeconds' | 'repRingSeconds' | 'strongStrategy' | 'midTierJoinAfterSeconds' | 'maxQueueWaitSeconds' | 'hotClientsJumpQueue'>;

/**
 * One pass of the routing ladder over every waiting call: owner first (sticky), then strong
 * sellers by strategy, mid tier after the configured wait; longest waiter first (hot clients
 * ahead if configured). Pure: roster and clock in, decisions out.
 */
export function dispatch(waiting: readonly WaitingCall[], roster: readonly RosterRep[], rules: RulesForDispatch, now: Date): DispatchDecision {
  const free = new Map(roster.filter(isRoutable).map((rep) => [rep.id, rep]));
  const decision: DispatchDecision = { offers: [], expired: [], restartRound: [], wakeAt: null };
  for (const call of queueOrder(waiting, rules.hotClientsJumpQueue)) {
    if (call.offering) continue;
    const waitedSeconds = (now.getTime() - call.enqueuedAt.getTime()) / 1000;
    if (waitedSeconds >= rules.maxQueueWaitSeconds) {
      decision.expired.push(call.callId);
      continue;
    }
    const offer = offerFor(call, free, rules, waitedSeconds, roster) ?? retryRound(call, free, rules, waitedSeconds, roster, decision);
    if (offer) {
      decision.offers.push(offer);
      free.delete(offer.repId);
    }
    decision.wakeAt = earliest(decision.wakeAt, nextChange(call, rules, waitedSeconds, now));
  }
  return decision;
}

/** Hot clients first when configured, then whoever has waited longest. */
export function queueOrder(waiting: readonly WaitingCall[], hotFirst: boolean): WaitingCall[] {
  return [...waiting].sort((a, b) => {
    if (hotFirst && a.hot !== b.hot) return a.hot ? -1 : 1;
    return a.enqueuedAt.getTime() - b.enqueuedAt.getTime() || a.callId.localeCompare(b.callId);
  });
}

function offerFor(call: WaitingCall, free: Map<string, RosterRep>, rules: RulesForDispatch, waitedSeconds: number, roster: readonly RosterRep[]): Offer | null {
  const tried = new Set(call.triedRepIds);
  const owner = call.ownerRepId ? free.get(call.ownerRepId) : undefined;
  if (owner && !tried.has(owner.id) && (!call.strongOnly || owner.tier === 'strong')) {
    return { callId: call.callId, repId: owner.id, rung: 'owner', ringSeconds: rules.ownerRingSeconds, reason: 'client owner is available' };
  }
  const strong = pickByStrategy([...free.values()].filter((rep) => rep.tier === 'strong' && !tried.has(rep.id)), rules.strongStrategy);
  if (strong) return { callId: call.callId, repId: strong.id, rung: 'strong', ringSeconds: rules.repRingSeconds, reason: ownerReason(call, roster, 'strong seller') };
  if (!call.strongOnly && waitedSeconds >= rules.midTierJoinAfterSeconds) {
    const mid = pickByStrategy([...free.values()].filter((rep) => rep.tier === 'mid' && !tried.has(rep.id)), rules.strongStrategy);
    if (mid) return { callId: call.callId, repId: mid.id, rung: 'mid', ringSeconds: rules.repRingSeconds, reason: `no strong seller free after ${Math.floor(waitedSeconds)} s` };
  }
  return null;
}

/** Everyone eligible was tried and someone eligible is free again: start a new round. */
function retryRound(call: WaitingCall, free: Map<string, RosterRep>, rules: RulesForDispatch, waitedSeconds: number, roster: readonly RosterRep[], decision: DispatchDecision): Offer | null {
  if (call.triedRepIds.length === 0) return null;
  const offer = offerFor({ ...call, triedRepIds: [] }, free, rules, waitedSeconds, roster);
  if (offer) decision.restartRound.push(call.callId);
  return offer;
}

function ownerReason(call: WaitingCall, roster: readonly RosterRep[], fallback: string): string {
  if (!call.ownerRepId) return fallback;
  if (call.triedRepIds.includes(call.ownerRepId)) return `${fallback}: owner did not answer`;
  const owner = roster.find((rep) => rep.id === call.ownerRepId);
  return `${fallback}: owner ${owner ? owner.state : 'unknown'}${owner && !owner.reachable ? ' (unreachable)' : ''}`;
}

export function pickByStrategy(candidates: readonly RosterRep[], strategy: RulesForDispatch['strongStrategy']): RosterRep | null {
  if (candidates.length === 0) return null;
  const idleSince = (rep: RosterRep): number => Math.max(rep.stateSince.getTime(), rep.lastCallEndedAt?.getTime() ?? 0);
  const offered = (rep: RosterRep): number => rep.lastOfferedAt?.getTime() ?? 0;
  const byId = (a: RosterRep, b: RosterRep): number => a.id.localeCompare(b.id);
  const before = (a: RosterRep, b: RosterRep): number => {
    switch (strategy) {
      case 'fewest-calls':
        return a.callsToday - b.callsToday || idleSince(a) - idleSince(b) || byId(a, b);
      case 'round-robin':
        return offered(a) - offered(b) || byId(a, b);
      default:
        return idleSince(a) - idleSince(b) || byId(a, b);
    }
  };
  // One pass for the first in that order: this runs on every offer over hundreds of reps.
  let best = candidates[0];
  for (const rep of candidates) if (before(rep, best) < 0) best = rep;
  return best;
}

function nextChange(call: WaitingCall, rules: RulesForDispatch, waitedSeconds: number, now: Date): Date {
  const at = (seconds: number): Date => new Date(now.getTime() + Math.max(0, seconds - waitedSeconds) * 1000);
  if (waitedSeconds < rules.midTierJoinAfterSeconds) return at(rules.midTierJoinAfterSeconds);
  return at(rules.maxQueueWaitSeconds);
}

function earliest(a: Date | null, b: Date): Date {
  return a && a.getTime() <= b.getTime() ? a : b;
}
