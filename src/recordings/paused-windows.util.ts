import { PausedWindow } from './recording.entity';

/** Seconds into the recording at `now`, to the hundredth. */
export function recordingOffset(startedAt: Date, now: Date): number {
  return Math.max(0, Math.round((now.getTime() - startedAt.getTime()) / 10) / 100);
}

export type WindowChange = { ok: true; windows: PausedWindow[] } | { ok: false; reason: 'already-paused' | 'not-paused' };

export function openWindow(windows: readonly PausedWindow[], offset: number, byUserId: string): WindowChange {
  if (windows.some((window) => window.toSeconds === null)) return { ok: false, reason: 'already-paused' };
  return { ok: true, windows: [...windows, { fromSeconds: offset, toSeconds: null, byUserId }] };
}

export function closeWindow(windows: readonly PausedWindow[], offset: number): WindowChange {
  const open = windows.findIndex((window) => window.toSeconds === null);
  if (open < 0) return { ok: false, reason: 'not-paused' };
  const closed = windows.map((window, index) => (index === open ? { ...window, toSeconds: Math.max(window.fromSeconds, offset) } : window));
  return { ok: true, windows: closed };
}
