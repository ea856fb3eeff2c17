import { EscalationCommand, EscalationEvent, escalationTransition, initialEscalationState, EscalationState } from '../../src/routing/escalation.machine';

const NOW = new Date('2026-06-10T10:00:00Z');
const LEG = 'leg-1';
const warm: EscalationEvent = { type: 'request', mode: 'warm', fromRepId: 'mid', toRepId: 'strong', legChannelId: LEG };
const ladder: EscalationEvent = { type: 'request', mode: 'ladder', fromRepId: 'mid', toRepId: null, legChannelId: LEG };
const answered: EscalationEvent = { type: 'target-answered', channelId: LEG };
const gone: EscalationEvent = { type: 'target-gone', channelId: LEG, reason: 'no-answer' };
const complete: EscalationEvent = { type: 'complete' };
const cancel: EscalationEvent = { type: 'cancel' };
const callEnded: EscalationEvent = { type: 'call-ended' };

/** Runs the events from idle, one second apart; returns the final phase and every command as a short word. */
function run(events: EscalationEvent[]): { state: EscalationState; commands: EscalationCommand[]; words: string[] } {
  let state = initialEscalationState();
  const commands: EscalationCommand[] = [];
  events.forEach((event, index) => {
    const step = escalationTransition(state, event, new Date(NOW.getTime() + index * 1000));
    state = step.state;
    commands.push(...step.commands);
  });
  const words = commands.map((c) => (c.type === 'record' ? c.event : c.type === 'refuse' ? `refuse:${c.code}` : c.type));
  return { state, commands, words };
}

describe('escalationTransition', () => {
  it.each<[string, EscalationEvent[], string, string[]]>([
    ['warm: ring, answer, complete', [warm, answered, complete], 'handed-over',
      ['hold-client', 'ring-target', 'escalation.requested', 'join-target', 'escalation.answered', 'unhold-client', 'hand-over', 'escalation.completed']],
    ['warm: the strong seller does not answer', [warm, gone], 'returned', ['hold-client', 'ring-target', 'escalation.requested', 'unhold-client', 'escalation.returned']],
    ['warm: cancelled while ringing', [warm, cancel], 'returned', ['hold-client', 'ring-target', 'escalation.requested', 'hangup', 'unhold-client', 'escalation.returned']],
    ['warm: cancelled while consulting', [warm, answered, cancel], 'returned',
      ['hold-client', 'ring-target', 'escalation.requested', 'join-target', 'escalation.answered', 'hangup', 'unhold-client', 'escalation.returned']],
    ['warm: the strong seller hangs up while consulting', [warm, answered, gone], 'returned',
      ['hold-client', 'ring-target', 'escalation.requested', 'join-target', 'escalation.answered', 'unhold-client', 'escalation.returned']],
    ['warm: the client hangs up while on hold', [warm, answered, callEnded], 'ended', ['hold-client', 'ring-target', 'escalation.requested', 'join-target', 'escalation.answered', 'hangup', 'escalation.returned']],
    ['warm: complete before the answer is refused', [warm, complete], 'ringing', ['hold-client', 'ring-target', 'escalation.requested', 'refuse:CONFLICT']],
    ['warm: a second request while one runs is refused', [warm, warm], 'ringing', ['hold-client', 'ring-target', 'escalation.requested', 'refuse:CONFLICT']],
    ['warm: again after a return', [warm, gone, warm], 'ringing',
      ['hold-client', 'ring-target', 'escalation.requested', 'unhold-client', 'escalation.returned', 'hold-client', 'ring-target', 'escalation.requested']],
    ['warm without a strong seller is refused', [{ ...warm, toRepId: null } as EscalationEvent], 'idle', ['refuse:VALIDATION_FAILED']],
    ['warm to oneself is refused', [{ ...warm, toRepId: 'mid' } as EscalationEvent], 'idle', ['refuse:VALIDATION_FAILED']],
    ['complete with nothing running is refused', [complete], 'idle', ['refuse:CONFLICT']],
    ['cancel with nothing running is refused', [cancel], 'idle', ['refuse:CONFLICT']],
    ['ladder: the mid rep is released, the client waits for the strong tier', [ladder], 'laddered', ['escalation.requested', 'requeue-strong', 'escalation.laddered']],
    ['ladder twice is refused', [ladder, ladder], 'laddered', ['escalation.requested', 'requeue-strong', 'escalation.laddered', 'refuse:CONFLICT']],
    ['after a hand-over, no second escalation', [warm, answered, complete, ladder], 'handed-over',
      ['hold-client', 'ring-target', 'escalation.requested', 'join-target', 'escalation.answered', 'unhold-client', 'hand-over', 'escalation.completed', 'refuse:CONFLICT']],
    ['a late answer after a return is ignored', [warm, gone, answered], 'returned', ['hold-client', 'ring-target', 'escalation.requested', 'unhold-client', 'escalation.returned']],
    ['the client hangs up with nothing running', [callEnded], 'idle', []],
  ])('%s', (_name, events, phase, words) => {
    const result = run(events);
    expect({ phase: result.state.phase, words: result.words }).toEqual({ phase, words });
  });

  it('a stray leg answering is hung up, and a stray leg going is ignored', () => {
    const ringing = run([warm]).state;
    expect(escalationTransition(ringing, { type: 'target-answered', channelId: 'other' }, NOW).commands).toEqual([{ type: 'hangup', channelId: 'other' }]);
    expect(escalationTransition(ringing, { type: 'target-gone', channelId: 'other', reason: 'busy' }, NOW)).toEqual({ state: ringing, commands: [] });
  });

  it('the hand-over names both reps and the strong seller\'s leg; the timeline carries both reps and the consult time', () => {
    const { commands } = run([warm, answered, complete]);
    expect(commands).toContainEqual({ type: 'hand-over', fromRepId: 'mid', toRepId: 'strong', toChannelId: LEG });
    expect(commands).toContainEqual({ type: 'record', event: 'escalation.completed', at: new Date(NOW.getTime() + 2000), data: { mode: 'warm', fromRepId: 'mid', toRepId: 'strong', consultSeconds: 2 } });
    expect(commands).toContainEqual({ type: 'ring-target', repId: 'strong', channelId: LEG });
  });
});
