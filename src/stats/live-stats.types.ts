import { AgentState } from '../org/rep.entity';

/** Epoch milliseconds: events cross Redis as JSON, so instants travel as numbers. */
export type Millis = number;

/**
 * The facts the live statistics are computed from: the service's own call and rep events,
 * translated where they enter (see StatsFeedService). Never Asterisk state.
 */
export type StatsEvent =
  | { type: 'call.started'; callId: string; direction: string; teamId: string | null; repId: string | null; clientId: string | null; dealId: string | null; at: Millis }
  | { type: 'call.queued'; callId: string; caller: string | null; at: Millis }
  | { type: 'call.offered'; callId: string; repId: string; teamId: string | null; caller: string | null; at: Millis }
  | { type: 'call.answered'; callId: string; repId: string; teamId: string | null; clientId: string | null; dealId: string | null; at: Millis }
  | { type: 'call.ended'; callId: string; outcome: string; teamId: string | null; repId: string | null; at: Millis }
  | { type: 'call.details'; callId: string; clientId: string | null; clientName: string | null; dealId: string | null; dealStage: string | null }
  | { type: 'rep.state'; repId: string; teamId: string; name: string | null; state: AgentState; since: Millis; pauseReason: string | null }
  | { type: 'rep.removed'; repId: string }
  | { type: 'callbacks.open'; teamId: string; open: number }
  | { type: 'nps.today'; teamId: string; promoters: number; passives: number; detractors: number }
  /** Drops the calls that ended before this instant (yesterday's calls at midnight). */
  | { type: 'prune'; before: Millis };

export interface CallRecord {
  callId: string;
  direction: string;
  teamId: string | null;
  repId: string | null;
  /** The rep the call is ringing at now (inbound offers), if any. */
  offeredRepId: string | null;
  clientId: string | null;
  clientName: string | null;
  dealId: string | null;
  dealStage: string | null;
  caller: string | null;
  startedAt: Millis | null;
  answeredAt: Millis | null;
  endedAt: Millis | null;
  outcome: string | null;
}

export interface RepRecord {
  repId: string;
  teamId: string;
  name: string | null;
  state: AgentState;
  since: Millis;
  pauseReason: string | null;
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** The whole live picture of one instance's replica: every change goes through applyEvent. */
export interface LiveStats {
  readonly calls: ReadonlyMap<string, CallRecord>;
  readonly reps: ReadonlyMap<string, RepRecord>;
  readonly callbacksOpen: ReadonlyMap<string, number>;
  readonly npsToday: ReadonlyMap<string, NpsCounts>;
}

/** What one dashboard looks at: everything, one team, or one rep's own view. */
export type StatsScope = { kind: 'all' } | { kind: 'team'; teamId: string } | { kind: 'rep'; repId: string; teamId: string | null };

export interface WindowNumbers {
  offered: number;
  answered: number;
  abandoned: number;
  /** % of resolved inbound calls answered within the service-level threshold; null with none resolved. */
  serviceLevel: number | null;
  /** Average speed of answer (s). */
  asaSeconds: number | null;
  /** Average handle time (s): talk time of answered calls that ended in the window. */
  ahtSeconds: number | null;
}

export interface LiveNumbers {
  today: WindowNumbers;
  hour: WindowNumbers;
  waiting: number;
  longestWaitSeconds: number;
  inProgress: number;
  callbacksOpen: number;
  nps: { score: number | null; responses: number };
}

export interface CallView {
  callId: string;
  direction: string;
  phase: 'waiting' | 'ringing' | 'talking';
  teamId: string | null;
  repId: string | null;
  repName: string | null;
  caller: string | null;
  clientId: string | null;
  clientName: string | null;
  dealId: string | null;
  dealStage: string | null;
  startedAt: Millis | null;
  answeredAt: Millis | null;
}

export interface StatsClock {
  now: Millis;
  /** Start of today in the business time zone. */
  dayStart: Millis;
  serviceLevelSeconds: number;
}
