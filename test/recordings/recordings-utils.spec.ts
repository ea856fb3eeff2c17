import { Principal } from '../../src/auth/principal';
import { closeWindow, openWindow, recordingOffset } from '../../src/recordings/paused-windows.util';
import { parseByteRange, recordingObjectKey } from '../../src/recordings/recording-key.util';
import { canAccessRecording, canControlRecording, canScoreRecording, scoresCalls, searchScope, shouldRecord, steersRecordings } from '../../src/recordings/recordings.policy';
import { scoreScorecard, validateCriteria } from '../../src/recordings/scorecard.util';
import { buildWav, inspectWav, pcmRms } from '../../src/recordings/wav.util';

const TEAM_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const TEAM_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const REP_1 = 'cccccccc-0000-4000-8000-000000000003';
const REP_2 = 'dddddddd-0000-4000-8000-000000000004';
const who = (role: Principal['role'], teamId: string | null, repId: string | null = null): Principal => ({ userId: 'u', login: 'x', role, teamId, repId });

describe('inspectWav', () => {
  const second = buildWav(new Int16Array(8000));
  const unfinalised = Buffer.from(second);
  unfinalised.writeUInt32LE(0, 40); // Asterisk killed before it fixed the data size up

  it.each([
    ['one second of 8 kHz 16-bit mono', second, { kind: 'audio', durationSeconds: 1, dataBytes: 16000 }],
    ['a data size never finalised (0): bytes on disk count', unfinalised, { kind: 'audio', durationSeconds: 1 }],
    ['header only', buildWav(new Int16Array(0)), { kind: 'empty', reason: 'header-only', durationSeconds: 0 }],
    ['50 ms of audio', buildWav(new Int16Array(400)), { kind: 'empty', reason: 'too-short', durationSeconds: 0.05 }],
    ['zero bytes', Buffer.alloc(0), { kind: 'empty', reason: 'header-only' }],
    ['fmt chunk without data chunk', second.subarray(0, 36), { kind: 'empty', reason: 'header-only' }],
    ['not RIFF', Buffer.from('OggS'.padEnd(64, '\0')), { kind: 'invalid', reason: 'not a RIFF/WAVE file' }],
    ['truncated below a RIFF header', Buffer.from('RIFF'), { kind: 'invalid' }],
  ])('%s', (_name, buffer, expected) => {
    expect(inspectWav(buffer as Buffer)).toMatchObject(expected);
  });

  it('measures RMS in a time window', () => {
    const samples = new Int16Array(16000);
    for (let i = 8000; i < 16000; i += 1) samples[i] = i % 2 === 0 ? 1000 : -1000;
    const wav = buildWav(samples);
    expect(pcmRms(wav, 0, 1)).toBe(0);
    expect(pcmRms(wav, 1, 2)).toBeCloseTo(1000, 5);
  });
});

describe('recordingObjectKey', () => {
  it.each([
    ['2026-11-27T23:59:59Z', 'C0FFEE00-0000-4000-8000-000000000001', 'recordings/2026/11/27/c0ffee00-0000-4000-8000-000000000001.wav'],
    ['2027-01-01T00:00:00+01:00', 'c0ffee00-0000-4000-8000-000000000001', 'recordings/2026/12/31/c0ffee00-0000-4000-8000-000000000001.wav'],
  ])('%s %s → %s', (at, callId, key) => expect(recordingObjectKey(callId, new Date(at))).toBe(key));

  it.each(['../../etc/passwd', 'abc', ''])('refuses a call id that is not a UUID: %p', (callId) => {
    expect(() => recordingObjectKey(callId, new Date())).toThrow(/UUID/);
  });
});

describe('parseByteRange', () => {
  it.each([
    [undefined, 1000, null],
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=500-', 1000, { start: 500, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=900-5000', 1000, { start: 900, end: 999 }],
    ['bytes=1000-', 1000, 'unsatisfiable'],
    ['bytes=5-1', 1000, 'unsatisfiable'],
    ['bytes=0-1,5-6', 1000, null],
    ['items=0-1', 1000, null],
  ])('%p of %d → %p', (header, size, expected) => expect(parseByteRange(header, size)).toEqual(expected));
});

describe('scoreScorecard', () => {
  const criteria = [
    { key: 'greeting', label: 'G', weight: 1, maxPoints: 5 },
    { key: 'discovery', label: 'D', weight: 3, maxPoints: 5 },
  ];
  it.each([
    [{ greeting: 5, discovery: 5 }, { ok: true, score: 100 }],
    [{ greeting: 0, discovery: 0 }, { ok: true, score: 0 }],
    [{ greeting: 5, discovery: 0 }, { ok: true, score: 25 }],
    [{ greeting: 0, discovery: 5 }, { ok: true, score: 75 }],
    [{ greeting: 3, discovery: 4 }, { ok: true, score: 75 }],
    [{ greeting: 1, discovery: 2 }, { ok: true, score: 35 }],
    [{ greeting: 5 }, { ok: false, problems: ['discovery: missing'] }],
    [{ greeting: 6, discovery: 1.5, extra: 1 }, { ok: false, problems: ['extra: not a criterion of this scorecard', 'greeting: must be an integer from 0 to 5', 'discovery: must be an integer from 0 to 5'] }],
  ])('%p → %p', (answers, expected) => expect(scoreScorecard(criteria, answers)).toEqual(expected));

  it('validates templates', () => {
    expect(validateCriteria(criteria)).toEqual([]);
    expect(validateCriteria([...criteria, { key: 'greeting', label: 'x', weight: 0, maxPoints: 0 }])).toEqual(['greeting: duplicate key', 'greeting: weight must be positive', 'greeting: maxPoints must be 1..100']);
  });
});

describe('recordings access policy', () => {
  const call = { repId: REP_1, teamId: TEAM_A };
  it.each([
    ['admin', who('admin', null), true, true, true],
    ['the rep on the call', who('rep', TEAM_A, REP_1), true, true, false],
    ['another rep of the team', who('rep', TEAM_A, REP_2), false, false, false],
    ['trainer of the team', who('trainer', TEAM_A), true, false, true],
    ['trainer of another team', who('trainer', TEAM_B), false, false, false],
    ['supervisor of the team', who('supervisor', TEAM_A), true, true, true],
    ['supervisor of another team', who('supervisor', TEAM_B), false, false, false],
  ])('%s', (_name, principal, listen, pause, score) => {
    expect(canAccessRecording(principal, call)).toBe(listen);
    expect(canControlRecording(principal, call)).toBe(pause);
    expect(canScoreRecording(principal, call)).toBe(score);
  });

  // Refusals by role, checked before the call or recording is read (so they never depend on it).
  it.each([
    ['admin', true, true],
    ['supervisor', true, true],
    ['trainer', false, true],
    ['rep', true, false],
  ] as const)('%s: steers recordings %s, scores calls %s', (role, steers, scores) => {
    const principal = who(role, role === 'admin' ? null : TEAM_A, role === 'rep' ? REP_1 : undefined);
    expect(steersRecordings(principal)).toBe(steers);
    expect(scoresCalls(principal)).toBe(scores);
  });

  it.each([
    [who('admin', null), { teamId: TEAM_B }, { kind: 'all' }],
    [who('trainer', TEAM_A), {}, { kind: 'team', teamId: TEAM_A }],
    [who('trainer', TEAM_A), { teamId: TEAM_B }, { kind: 'denied', reason: 'another team' }],
    [who('rep', TEAM_A, REP_1), {}, { kind: 'rep', repId: REP_1 }],
    [who('rep', TEAM_A, REP_1), { repId: REP_2 }, { kind: 'denied', reason: 'another rep' }],
  ])('search scope %#', (principal, filter, expected) => expect(searchScope(principal, filter)).toEqual(expected));

  const rules = { directions: ['inbound', 'outbound'], disabledCampaignIds: [TEAM_B] };
  it.each([
    [{ direction: 'inbound', campaignId: null, clientRefused: false }, { record: true }],
    [{ direction: 'dialer', campaignId: null, clientRefused: false }, { record: false, reason: 'direction-off' }],
    [{ direction: 'outbound', campaignId: TEAM_B, clientRefused: false }, { record: false, reason: 'campaign-off' }],
    [{ direction: 'inbound', campaignId: null, clientRefused: true }, { record: false, reason: 'client-refused' }],
  ])('shouldRecord %p', (call, expected) => expect(shouldRecord(call, rules)).toEqual(expected));
});

describe('paused windows', () => {
  const start = new Date('2026-11-27T10:00:00Z');
  it('opens and closes windows with offsets in seconds', () => {
    const opened = openWindow([], recordingOffset(start, new Date('2026-11-27T10:00:02.345Z')), 'u1');
    expect(opened).toEqual({ ok: true, windows: [{ fromSeconds: 2.35, toSeconds: null, byUserId: 'u1' }] });
    if (!opened.ok) throw new Error('unreachable');
    expect(openWindow(opened.windows, 3, 'u1')).toEqual({ ok: false, reason: 'already-paused' });
    expect(closeWindow(opened.windows, 5.5)).toEqual({ ok: true, windows: [{ fromSeconds: 2.35, toSeconds: 5.5, byUserId: 'u1' }] });
    expect(closeWindow([], 1)).toEqual({ ok: false, reason: 'not-paused' });
  });
});
