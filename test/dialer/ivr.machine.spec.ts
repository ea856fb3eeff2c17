import { initialIvrState, IvrCommand, IvrEvent, IvrState, ivrTransition } from '../../src/dialer/ivr.machine';

const T = { noInputMs: 5000, interDigitMs: 2000, menuWaitMs: 4000 };
const NOW = new Date('2026-06-10T10:00:00Z');

/** Runs events from the start; a 'timeout' without token means "the live timer fires". */
function run(events: Array<IvrEvent | { type: 'timeout' }>): { state: IvrState; commands: IvrCommand[] } {
  let state = initialIvrState(T);
  const commands: IvrCommand[] = [];
  for (const event of [{ type: 'start' } as IvrEvent, ...events]) {
    const real = event.type === 'timeout' && !('token' in event) ? { type: 'timeout' as const, token: state.timer } : (event as IvrEvent);
    const step = ivrTransition(state, real, NOW);
    state = step.state;
    commands.push(...step.commands);
  }
  return { state, commands };
}

const digit = (d: string): IvrEvent => ({ type: 'digit', digit: d });
const done = (prompt: 'question' | 'confirm' | 'menu' | 'goodbye' | 'removed' | 'invalid'): IvrEvent => ({ type: 'prompt-finished', prompt });
const scores = (commands: IvrCommand[]): number[] => commands.filter((c) => c.type === 'record-score').map((c) => (c as { score: number }).score);
const kinds = (commands: IvrCommand[]): string[] => commands.map((c) => (c.type === 'play' ? `play:${c.prompt}` : c.type));

describe('ivrTransition', () => {
  it.each([
    ['7 then pause', [done('question'), digit('7'), { type: 'timeout' }], [7]],
    ['7 then #', [done('question'), digit('7'), digit('#')], [7]],
    ['1,0 is ten at once', [done('question'), digit('1'), digit('0')], [10]],
    ['1 then pause is one', [done('question'), digit('1'), { type: 'timeout' }], [1]],
    ['0 then # is zero', [done('question'), digit('0'), digit('#')], [0]],
    ['barge-in during the question', [digit('9'), digit('#')], [9]],
    ['1,5 is invalid, then 8 counts', [digit('1'), digit('5'), done('invalid'), done('question'), digit('8'), { type: 'timeout' }], [8]],
    ['silence, then 6 on the repeat', [done('question'), { type: 'timeout' }, done('question'), digit('6'), digit('#')], [6]],
    ['silence twice: no score', [done('question'), { type: 'timeout' }, done('question'), { type: 'timeout' }], []],
    ['invalid twice: no score', [digit('*'), digit('#')], []],
    ['# alone is invalid', [digit('#'), done('question'), digit('4'), digit('#')], [4]],
    ['a stale timer is ignored', [done('question'), digit('3'), { type: 'timeout', token: 0 }, digit('#')], [3]],
  ])('%s', (_name, events, expected) => {
    expect(scores(run(events as IvrEvent[]).commands)).toEqual(expected);
  });

  it('score → confirm (with the number and thanks) → menu → goodbye → hangup', () => {
    const { state, commands } = run([digit('9'), digit('#'), done('confirm'), done('menu'), { type: 'timeout' }, done('goodbye')]);
    expect(kinds(commands)).toEqual(['play:question', 'stop-playback', 'start-timer', 'cancel-timer', 'record-score', 'play:confirm', 'play:menu', 'start-timer', 'play:goodbye', 'hangup']);
    expect(commands.find((c) => c.type === 'play' && c.prompt === 'confirm')).toEqual({ type: 'play', prompt: 'confirm', extra: ['number:9'], then: ['thanks'] });
    expect(state).toMatchObject({ phase: 'done', result: 'scored', score: 9, choice: 'none' });
  });

  it('menu key 1 puts the client through (even while the confirmation plays)', () => {
    const { state, commands } = run([digit('2'), digit('#'), digit('1')]);
    expect(kinds(commands).slice(-3)).toEqual(['cancel-timer', 'stop-playback', 'transfer']);
    expect(state).toMatchObject({ phase: 'done', choice: 'transfer', score: 2 });
  });

  it('menu key 2 sets do-not-call and says goodbye', () => {
    const { state, commands } = run([digit('5'), digit('#'), done('confirm'), digit('2'), done('removed')]);
    expect(kinds(commands).slice(-5)).toEqual(['cancel-timer', 'stop-playback', 'do-not-call', 'play:removed', 'hangup']);
    expect(state).toMatchObject({ phase: 'done', choice: 'do-not-call' });
  });

  it('other keys in the menu and score digits during confirm do nothing', () => {
    const { state } = run([digit('5'), digit('#'), digit('7'), done('confirm'), digit('9')]);
    expect(state).toMatchObject({ phase: 'menu', choice: 'none', score: 5 });
  });

  it('hangup at any point ends it; later events are ignored', () => {
    const { state, commands } = run([done('question'), digit('4'), { type: 'hangup' }, { type: 'timeout' }, digit('#')]);
    expect(state).toMatchObject({ phase: 'done', result: 'no-response' });
    expect(scores(commands)).toEqual([]);
  });

  it('the first prompt is the question and the no-input timer starts after it', () => {
    const { state, commands } = run([done('question')]);
    expect(commands).toEqual([{ type: 'play', prompt: 'question' }, { type: 'start-timer', token: 1, ms: 5000 }]);
    expect(state.phase).toBe('collecting');
  });
});
