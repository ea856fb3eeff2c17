import { PromptKind } from './campaign.entity';

/**
 * The NPS survey as a pure state machine: `ivrTransition(state, event, now) → { state, commands }`.
 * No ARI, no timers, no database: the executor in dialer-calls.service.ts runs the commands and
 * feeds back events (digits, prompt finished, timer fired, hangup).
 *
 *  question ─digits─► (score) ─► confirm ─► menu ─► goodbye ─► hangup
 *     ▲ invalid/silence once          │1: transfer   │2: do-not-call
 */
export type IvrPhase = 'question' | 'collecting' | 'confirm' | 'menu' | 'goodbye' | 'done';

export interface IvrTimings {
  noInputMs: number;
  interDigitMs: number;
  menuWaitMs: number;
}

export interface IvrState {
  phase: IvrPhase;
  digits: string;
  /** Failed tries at the question (silence or invalid); the second ends the survey. */
  failures: number;
  score: number | null;
  /** What happened in the end: scored, transferred, do-not-call, no-response. */
  result: 'pending' | 'scored' | 'no-response';
  choice: 'none' | 'transfer' | 'do-not-call';
  /** Token of the one live timer; a timeout with another token is stale. */
  timer: number;
  /** Kind of the prompt that is playing, so its "finished" event can be matched. */
  playing: PromptKind | null;
  timings: IvrTimings;
}

export type IvrEvent =
  | { type: 'start' }
  | { type: 'digit'; digit: string }
  | { type: 'prompt-finished'; prompt: PromptKind }
  | { type: 'timeout'; token: number }
  | { type: 'hangup' };

export type IvrCommand =
  | { type: 'play'; prompt: PromptKind; extra?: string[]; then?: PromptKind[] }
  | { type: 'stop-playback' }
  | { type: 'start-timer'; token: number; ms: number }
  | { type: 'cancel-timer' }
  | { type: 'record-score'; score: number; at: Date }
  | { type: 'transfer'; at: Date }
  | { type: 'do-not-call'; at: Date }
  | { type: 'hangup' };

export interface IvrStep {
  state: IvrState;
  commands: IvrCommand[];
}

export function initialIvrState(timings: IvrTimings): IvrState {
  return { phase: 'question', digits: '', failures: 0, score: null, result: 'pending', choice: 'none', timer: 0, playing: null, timings };
}

export const MENU_TRANSFER = '1';
export const MENU_DO_NOT_CALL = '2';

export function ivrTransition(state: IvrState, event: IvrEvent, now: Date): IvrStep {
  if (state.phase === 'done') return { state, commands: [] };
  if (event.type === 'hangup') return { state: { ...state, phase: 'done', playing: null, result: state.result === 'pending' ? 'no-response' : state.result }, commands: [{ type: 'cancel-timer' }] };
  switch (event.type) {
    case 'start':
      return play({ ...state, phase: 'question', digits: '' }, 'question');
    case 'digit':
      return onDigit(state, event.digit, now);
    case 'prompt-finished':
      return onPromptFinished(state, event.prompt);
    case 'timeout':
      return event.token === state.timer ? onTimeout(state, now) : { state, commands: [] };
  }
}

function onDigit(state: IvrState, digit: string, now: Date): IvrStep {
  if (state.phase === 'question' || state.phase === 'collecting') {
    const barge: IvrCommand[] = state.phase === 'question' && state.playing ? [{ type: 'stop-playback' }] : [];
    const collecting: IvrState = { ...state, phase: 'collecting', playing: null };
    if (digit === '#') return withLead(barge, collecting.digits === '' ? invalid(collecting) : evaluate(collecting, now));
    const digits = state.digits + digit;
    // "10" is the only two-key score and nothing can follow it: done at once.
    if (digits === '10') return withLead(barge, evaluate({ ...collecting, digits }, now));
    if (!/^\d$/.test(digits)) return withLead(barge, invalid({ ...collecting, digits }));
    return withLead(barge, timer({ ...collecting, digits }, state.timings.interDigitMs));
  }
  if (state.phase === 'confirm' || state.phase === 'menu') {
    if (digit === MENU_TRANSFER) return { state: { ...state, phase: 'done', choice: 'transfer', playing: null }, commands: [{ type: 'cancel-timer' }, { type: 'stop-playback' }, { type: 'transfer', at: now }] };
    if (digit === MENU_DO_NOT_CALL) {
      const next = play({ ...state, phase: 'goodbye', choice: 'do-not-call' }, 'removed');
      return { state: next.state, commands: [{ type: 'cancel-timer' }, { type: 'stop-playback' }, { type: 'do-not-call', at: now }, ...next.commands] };
    }
  }
  return { state, commands: [] };
}

function onPromptFinished(state: IvrState, prompt: PromptKind): IvrStep {
  if (state.playing !== prompt) return { state, commands: [] };
  const idle = { ...state, playing: null };
  switch (state.phase) {
    case 'question':
      return timer({ ...idle, phase: 'collecting' }, state.timings.noInputMs);
    case 'confirm':
      return play({ ...idle, phase: 'menu' }, 'menu');
    case 'menu':
      return timer(idle, state.timings.menuWaitMs);
    case 'goodbye':
      return { state: { ...idle, phase: 'done' }, commands: [{ type: 'hangup' }] };
    default:
      return { state: idle, commands: [] };
  }
}

function onTimeout(state: IvrState, now: Date): IvrStep {
  if (state.phase === 'collecting') return state.digits === '' ? invalid(state) : evaluate(state, now);
  if (state.phase === 'menu') return play({ ...state, phase: 'goodbye' }, 'goodbye');
  return { state, commands: [] };
}

function evaluate(state: IvrState, now: Date): IvrStep {
  const score = Number(state.digits);
  if (!/^\d{1,2}$/.test(state.digits) || score > 10) return invalid(state);
  const next = play({ ...state, phase: 'confirm', score, result: 'scored', digits: '' }, 'confirm', [`number:${score}`], ['thanks']);
  return { state: next.state, commands: [{ type: 'cancel-timer' }, { type: 'record-score', score, at: now }, ...next.commands] };
}

/** Silence or a wrong key: the question once more, then a polite goodbye. */
function invalid(state: IvrState): IvrStep {
  const failures = state.failures + 1;
  const cleared = { ...state, digits: '', failures };
  if (failures >= 2) {
    const next = play({ ...cleared, phase: 'goodbye', result: 'no-response' }, 'goodbye');
    return { state: next.state, commands: [{ type: 'cancel-timer' }, ...next.commands] };
  }
  const next = play({ ...cleared, phase: 'question' }, 'question');
  return { state: next.state, commands: [{ type: 'cancel-timer' }, { type: 'play', prompt: 'invalid' }, ...next.commands] };
}

/** `then` prompts play in the same request, so only the last kind's "finished" moves the machine. */
function play(state: IvrState, prompt: PromptKind, extra?: string[], then?: PromptKind[]): IvrStep {
  const command: IvrCommand = { type: 'play', prompt, ...(extra ? { extra } : {}), ...(then ? { then } : {}) };
  return { state: { ...state, playing: prompt }, commands: [command] };
}

function timer(state: IvrState, ms: number): IvrStep {
  const token = state.timer + 1;
  return { state: { ...state, timer: token }, commands: [{ type: 'start-timer', token, ms }] };
}

function withLead(lead: IvrCommand[], step: IvrStep): IvrStep {
  return { state: step.state, commands: [...lead, ...step.commands] };
}
