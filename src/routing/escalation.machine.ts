/**
 * A mid-level rep hands the client on a live call to a strong seller, as a pure state machine:
 * `escalationTransition(state, event, now) → { state, commands }`. No ARI, no database: the
 * executor (escalation.service.ts) runs the commands and feeds back what happened to the legs.
 *
 *   warm:   idle ─request─► ringing ─target answered─► consulting ─complete─► handed-over
 *                            │ no answer / declined        │ cancel / strong seller hangs up
 *                            ▼                             ▼
 *                         returned (the client is back with the mid rep)
 *   ladder: idle ─request─► laddered (the client waits for the strong tier; the mid rep is free)
 *
 * While warm, the client hears music outside the call's bridge and the mid rep and the strong
 * seller talk in it; on completion the client joins them and the mid rep's leg leaves.
 */
export type EscalationMode = 'warm' | 'ladder';
export type EscalationPhase = 'idle' | 'ringing' | 'consulting' | 'handed-over' | 'returned' | 'laddered' | 'ended';

export interface EscalationState {
  phase: EscalationPhase;
  mode: EscalationMode | null;
  fromRepId: string | null;
  toRepId: string | null;
  /** The strong seller's leg (warm only). */
  legChannelId: string | null;
  startedAt: Date | null;
}

export type EscalationEvent =
  /** legChannelId: the id the executor will give the strong seller's leg (ids are made outside). */
  | { type: 'request'; mode: EscalationMode; fromRepId: string; toRepId: string | null; legChannelId: string }
  | { type: 'target-answered'; channelId: string }
  /** The strong seller's leg ended before or after answering (no answer, busy, declined, hung up). */
  | { type: 'target-gone'; channelId: string; reason: string }
  | { type: 'complete' }
  | { type: 'cancel' }
  /** The client hung up: nothing more to hand over. */
  | { type: 'call-ended' };

export type EscalationCommand =
  | { type: 'refuse'; code: 'CONFLICT' | 'VALIDATION_FAILED'; message: string }
  /** Take the client out of the call's bridge and play them music. */
  | { type: 'hold-client' }
  /** Stop the music and put the client back into the call's bridge. */
  | { type: 'unhold-client' }
  | { type: 'ring-target'; repId: string; channelId: string }
  /** Put the strong seller's answered leg into the call's bridge (with the mid rep). */
  | { type: 'join-target'; channelId: string }
  | { type: 'hangup'; channelId: string }
  /** The strong seller becomes the call's rep; the mid rep's leg leaves and they are free. */
  | { type: 'hand-over'; fromRepId: string; toRepId: string; toChannelId: string }
  /** The mid rep's leg leaves; the client waits on music for the strong tier's ladder. */
  | { type: 'requeue-strong'; fromRepId: string }
  | { type: 'record'; event: EscalationTimelineEvent; at: Date; data: Record<string, unknown> };

/** Timeline event types written to call_events. */
export type EscalationTimelineEvent = 'escalation.requested' | 'escalation.answered' | 'escalation.completed' | 'escalation.returned' | 'escalation.laddered';

export interface EscalationStep {
  state: EscalationState;
  commands: EscalationCommand[];
}

export function initialEscalationState(): EscalationState {
  return { phase: 'idle', mode: null, fromRepId: null, toRepId: null, legChannelId: null, startedAt: null };
}

/** An escalation that can still change the call (the REST "is one running?" check). */
export function isEscalating(state: EscalationState): boolean {
  return state.phase === 'ringing' || state.phase === 'consulting';
}

export function escalationTransition(state: EscalationState, event: EscalationEvent, now: Date): EscalationStep {
  switch (event.type) {
    case 'request':
      return request(state, event, now);
    case 'target-answered':
      if (state.phase !== 'ringing' || event.channelId !== state.legChannelId) return { state, commands: event.channelId === state.legChannelId ? [] : [{ type: 'hangup', channelId: event.channelId }] };
      return {
        state: { ...state, phase: 'consulting' },
        commands: [{ type: 'join-target', channelId: event.channelId }, record('escalation.answered', now, state, {})],
      };
    case 'target-gone':
      if (event.channelId !== state.legChannelId || !isEscalating(state)) return { state, commands: [] };
      return back(state, now, event.reason, false);
    case 'complete':
      if (state.phase !== 'consulting') return refuse(state, 'CONFLICT', state.phase === 'ringing' ? 'The strong seller has not answered yet' : 'No warm escalation to complete');
      return {
        state: { ...state, phase: 'handed-over' },
        commands: [
          { type: 'unhold-client' },
          { type: 'hand-over', fromRepId: state.fromRepId as string, toRepId: state.toRepId as string, toChannelId: state.legChannelId as string },
          record('escalation.completed', now, state, { consultSeconds: seconds(state.startedAt, now) }),
        ],
      };
    case 'cancel':
      if (!isEscalating(state)) return refuse(state, 'CONFLICT', 'No warm escalation to cancel');
      return back(state, now, 'cancelled by the rep', true);
    case 'call-ended':
      if (!isEscalating(state)) return { state, commands: [] };
      return { state: { ...state, phase: 'ended' }, commands: [{ type: 'hangup', channelId: state.legChannelId as string }, record('escalation.returned', now, state, { reason: 'the client hung up' })] };
  }
}

function request(state: EscalationState, event: Extract<EscalationEvent, { type: 'request' }>, now: Date): EscalationStep {
  if (isEscalating(state)) return refuse(state, 'CONFLICT', 'An escalation is already running on this call');
  if (state.phase === 'handed-over' || state.phase === 'laddered') return refuse(state, 'CONFLICT', 'This call was already escalated');
  if (event.mode === 'ladder') {
    const next: EscalationState = { phase: 'laddered', mode: 'ladder', fromRepId: event.fromRepId, toRepId: null, legChannelId: null, startedAt: now };
    return { state: next, commands: [record('escalation.requested', now, next, {}), { type: 'requeue-strong', fromRepId: event.fromRepId }, record('escalation.laddered', now, next, {})] };
  }
  if (!event.toRepId) return refuse(state, 'VALIDATION_FAILED', 'A warm escalation names the strong seller (toRepId)');
  if (event.toRepId === event.fromRepId) return refuse(state, 'VALIDATION_FAILED', 'A rep cannot escalate to themselves');
  const next: EscalationState = { phase: 'ringing', mode: 'warm', fromRepId: event.fromRepId, toRepId: event.toRepId, legChannelId: event.legChannelId, startedAt: now };
  return {
    state: next,
    commands: [{ type: 'hold-client' }, { type: 'ring-target', repId: event.toRepId, channelId: event.legChannelId }, record('escalation.requested', now, next, {})],
  };
}

/** The warm escalation ends without a hand-over: the client returns to the mid rep. */
function back(state: EscalationState, now: Date, reason: string, hangupLeg: boolean): EscalationStep {
  const commands: EscalationCommand[] = [];
  if (hangupLeg) commands.push({ type: 'hangup', channelId: state.legChannelId as string });
  commands.push({ type: 'unhold-client' }, record('escalation.returned', now, state, { reason, answered: state.phase === 'consulting' }));
  return { state: { ...state, phase: 'returned' }, commands };
}

function refuse(state: EscalationState, code: 'CONFLICT' | 'VALIDATION_FAILED', message: string): EscalationStep {
  return { state, commands: [{ type: 'refuse', code, message }] };
}

function record(event: EscalationTimelineEvent, at: Date, state: EscalationState, extra: Record<string, unknown>): EscalationCommand {
  return { type: 'record', event, at, data: { mode: state.mode, fromRepId: state.fromRepId, toRepId: state.toRepId, ...extra } };
}

function seconds(from: Date | null, to: Date): number {
  return from ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : 0;
}
