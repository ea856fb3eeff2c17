import { AgentState, SellerTier } from '../org/rep.entity';

/** What routing knows about a rep at a moment: kept in memory, persisted behind the routing path. */
export interface RosterRep {
  id: string;
  teamId: string;
  tier: SellerTier;
  sipEndpoint: string;
  enabled: boolean;
  state: AgentState;
  stateSince: Date;
  pauseReason: string | null;
  /** From Asterisk's endpoint/device state: a registered, reachable softphone. */
  reachable: boolean;
  /** The browser softphone (/workspace) is registered: offers ring it (rep-endpoints.ts). */
  webOnline?: boolean;
  lastCallEndedAt: Date | null;
  lastOfferedAt: Date | null;
  callsToday: number;
  consecutiveNoAnswers: number;
}

export function isRoutable(rep: RosterRep): boolean {
  return rep.enabled && rep.reachable && rep.state === 'available';
}
