import { mergeSettings, defaultSettings } from '../../src/dialer/campaign-settings.policy';
import { campaignTransition } from '../../src/dialer/campaign-lifecycle.policy';
import { afterAttempt, decideDial, dialJobId, isSurveyable, outcomeFromCause } from '../../src/dialer/dial.policy';
import { nextDialAt } from '../../src/dialer/dial-window.policy';
import { attemptsPerResponse, npsCategory, npsFromCounts, npsOfScores, responseRate } from '../../src/dialer/nps.policy';
import { parseTargetsCsv } from '../../src/dialer/target-csv.parser';
import { reportToCsv } from '../../src/dialer/nps-reports.service';

const WINDOW = { from: '09:00', to: '20:00' };

describe('nextDialAt: the window in the client\'s zone', () => {
  it.each([
    ['inside the window: now', 'Europe/Berlin', '2026-06-10T10:00:00Z', '2026-06-10T10:00:00Z'],
    ['before opening: today at 09:00 local', 'Europe/Berlin', '2026-06-10T05:00:00Z', '2026-06-10T07:00:00Z'],
    ['at 20:00 local (to is exclusive): tomorrow', 'Europe/Berlin', '2026-06-10T18:00:00Z', '2026-06-11T07:00:00Z'],
    ['evening before spring-forward (CET) → 09:00 CEST', 'Europe/Berlin', '2026-03-28T20:30:00Z', '2026-03-29T07:00:00Z'],
    ['evening before fall-back (EDT) → 09:00 EST', 'America/New_York', '2026-11-01T01:00:00Z', '2026-11-01T14:00:00Z'],
    ['during the DST gap night (02:30 does not exist) → 09:00 CEST', 'Europe/Berlin', '2026-03-29T00:45:00Z', '2026-03-29T07:00:00Z'],
    ['Kiritimati (UTC+14) already tomorrow and inside', 'Pacific/Kiritimati', '2026-06-01T20:00:00Z', '2026-06-01T20:00:00Z'],
    ['Kiritimati 21:00 local → next local morning', 'Pacific/Kiritimati', '2026-06-01T07:00:00Z', '2026-06-01T19:00:00Z'],
    ['Pago Pago (UTC-11) still yesterday evening → its next morning', 'Pacific/Pago_Pago', '2026-06-01T07:00:00Z', '2026-06-01T20:00:00Z'],
    ['Pago Pago 07:00 local → 09:00 the same local day', 'Pacific/Pago_Pago', '2026-06-01T18:00:00Z', '2026-06-01T20:00:00Z'],
    ['same UTC instant, two sides of the date line, two answers', 'Pacific/Kiritimati', '2026-06-01T18:00:00Z', '2026-06-01T19:00:00Z'],
    ['Kolkata half-hour offset', 'Asia/Kolkata', '2026-06-01T02:00:00Z', '2026-06-01T03:30:00Z'],
  ])('%s', (_name, timeZone, now, expected) => {
    expect(nextDialAt({ timeZone }, WINDOW, new Date(now)).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('decideDial: the last check before a call', () => {
  const base = { campaignStatus: 'running' as const, targetStatus: 'queued' as const, attempts: 0, attemptNo: 1, doNotCall: false, timeZone: 'Europe/Berlin', settings: { window: WINDOW, maxAttempts: 2 } };
  const noon = new Date('2026-06-10T10:00:00Z');
  it.each([
    ['all fine', {}, { action: 'dial' }],
    ['flagged do-not-call after queueing', { doNotCall: true }, { action: 'skip', reason: 'do-not-call' }],
    ['do-not-call wins even when paused', { doNotCall: true, campaignStatus: 'paused' }, { action: 'skip', reason: 'do-not-call' }],
    ['campaign paused', { campaignStatus: 'paused' }, { action: 'drop', reason: 'campaign-not-running' }],
    ['campaign stopped', { campaignStatus: 'stopped' }, { action: 'drop', reason: 'campaign-not-running' }],
    ['target already answered', { targetStatus: 'responded' }, { action: 'drop', reason: 'target-moved-on' }],
    ['stale attempt job', { attempts: 1, attemptNo: 1 }, { action: 'drop', reason: 'target-moved-on' }],
    ['no attempts left', { attempts: 2, attemptNo: 3 }, { action: 'drop', reason: 'no-attempts-left' }],
  ])('%s', (_name, patch, expected) => {
    expect(decideDial({ ...base, ...patch } as never, noon)).toEqual(expected);
  });
  it('outside the window: wait for it', () => {
    expect(decideDial(base, new Date('2026-06-10T19:30:00Z'))).toEqual({ action: 'wait', until: new Date('2026-06-11T07:00:00Z') });
  });
});

describe('afterAttempt and outcomes', () => {
  const settings = { maxAttempts: 3, retryDelaySeconds: { busy: 60, noAnswer: 120, failed: 30, machine: 600 } };
  const now = new Date('2026-06-10T10:00:00Z');
  it.each([
    ['busy', 1, { status: 'queued', retryAt: new Date('2026-06-10T10:01:00Z') }],
    ['no-answer', 2, { status: 'queued', retryAt: new Date('2026-06-10T10:02:00Z') }],
    ['machine', 1, { status: 'queued', retryAt: new Date('2026-06-10T10:10:00Z') }],
    ['failed', 1, { status: 'queued', retryAt: new Date('2026-06-10T10:00:30Z') }],
    ['busy', 3, { status: 'exhausted' }],
    ['responded', 1, { status: 'responded' }],
    ['transferred', 1, { status: 'responded' }],
    ['answered', 1, { status: 'answered' }],
  ])('%s after attempt %d', (outcome, attempts, expected) => {
    expect(afterAttempt(outcome as never, attempts as number, settings, now)).toEqual(expected);
  });
  it.each([[17, 'busy'], [19, 'no-answer'], [16, 'no-answer'], [undefined, 'no-answer'], [21, 'failed'], [1, 'failed'], [34, 'failed']])('cause %s → %s', (cause, outcome) => {
    expect(outcomeFromCause(cause as number | undefined)).toBe(outcome);
  });
  it.each([['HUMAN', true, true], ['NOTSURE', true, true], ['NOTSURE', false, false], ['MACHINE', true, false], ['HANGUP', true, false]])('AMD %s (notSureIsHuman %s) → survey %s', (status, notSure, expected) => {
    expect(isSurveyable(status as string, notSure as boolean)).toBe(expected);
  });
  it('job ids are deterministic and free of ":"', () => {
    expect(dialJobId('c', 't', 2)).toBe('c_t_2');
  });
});

describe('campaign settings and lifecycle', () => {
  const base = defaultSettings('+4930123456789');
  it.each([
    [{ window: { from: '07:59', to: '20:00' } }, 'window.from'],
    [{ window: { from: '09:00', to: '21:01' } }, 'window.to'],
    [{ window: { from: '12:00', to: '10:00' } }, 'window'],
    [{ window: { from: '9', to: '20:00' } }, 'window'],
    [{ maxAttempts: 0 }, 'maxAttempts'],
    [{ callsPerSecond: 0 }, 'callsPerSecond'],
    [{ concurrency: 1.5 }, 'concurrency'],
    [{ callerId: '030123' }, 'callerId'],
    [{ retryDelaySeconds: { busy: 0 } }, 'retryDelaySeconds.busy'],
    [{ retryDelaySeconds: { later: 5 } }, 'retryDelaySeconds.later'],
    [{ prompts: { question: ['http://evil'] } }, 'prompts.question'],
    [{ colour: 'red' }, 'colour'],
  ])('%j is refused at %s', (patch, field) => {
    const result = mergeSettings(base, patch as Record<string, unknown>);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(field);
  });
  it('reports every problem at once and accepts the legal extremes', () => {
    const bad = mergeSettings(base, { maxAttempts: 0, callerId: 'x' });
    expect(bad.ok === false && bad.problems.length).toBe(2);
    const good = mergeSettings(base, { window: { from: '08:00', to: '21:00' }, retryDelaySeconds: { busy: 5 } });
    expect(good.ok && good.settings.window).toEqual({ from: '08:00', to: '21:00' });
    expect(good.ok && good.settings.retryDelaySeconds).toEqual({ ...base.retryDelaySeconds, busy: 5 });
  });
  it.each([
    ['draft', 'start', 'running'], ['running', 'pause', 'paused'], ['paused', 'resume', 'running'], ['running', 'stop', 'stopped'], ['paused', 'complete', 'completed'], ['draft', 'stop', 'stopped'],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(campaignTransition(from as never, action as never)).toEqual({ ok: true, to });
  });
  it.each([['draft', 'pause'], ['completed', 'start'], ['stopped', 'resume'], ['running', 'start']])('%s cannot %s', (from, action) => {
    expect(campaignTransition(from as never, action as never).ok).toBe(false);
  });
});

describe('NPS arithmetic', () => {
  it.each([[0, 'detractor'], [6, 'detractor'], [7, 'passive'], [8, 'passive'], [9, 'promoter'], [10, 'promoter']])('%d is a %s', (score, category) => {
    expect(npsCategory(score)).toBe(category);
  });
  it.each([
    [[10, 9, 8, 3], 25],
    [[10, 10], 100],
    [[0, 6], -100],
    [[7, 8], 0],
    [[9, 7, 5], 0],
    [[10, 0, 0], -33.3],
    [[], null],
  ])('%j → NPS %s', (scores, nps) => {
    expect(npsOfScores(scores)).toBe(nps);
  });
  it('rates', () => {
    expect(npsFromCounts({ promoters: 2, passives: 1, detractors: 1 })).toBe(25);
    expect(responseRate(3, 4)).toBe(75);
    expect(responseRate(0, 0)).toBeNull();
    expect(attemptsPerResponse(7, 2)).toBe(3.5);
    expect(attemptsPerResponse(3, 0)).toBeNull();
    expect(() => npsCategory(11)).toThrow(RangeError);
  });
  it('CSV export quotes and defuses formulas', () => {
    const csv = reportToCsv([{ key: 'k', label: '=cmd|x, "y"', responses: 1, promoters: 1, passives: 0, detractors: 0, nps: 100, targetsReached: 1, attempts: 2, responseRate: 100, attemptsPerResponse: 2 }]);
    expect(csv.split('\r\n')[1]).toBe(`k,"'=cmd|x, ""y""",1,1,0,0,100,1,2,100,2`);
  });
});

describe('parseTargetsCsv', () => {
  const client = '11111111-2222-4333-8444-555555555555';
  it('reads valid rows (quotes, BOM, CRLF, blank lines)', () => {
    const { rows, errors } = parseTargetsCsv(`\uFEFFphone,client_id,deal_id\r\n+4917012345678,${client},\r\n\r\n"+49 170 1234567",,\r\n`);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, phone: '+4917012345678', clientId: client, dealId: null },
      { line: 4, phone: '+491701234567', clientId: null, dealId: null },
    ]);
  });
  it.each([
    ['phone,name\n+4917012345678,x', 1, 'header'],
    ['client_id\n' + client, 1, 'header'],
    ['phone\n017012345678', 2, 'phone'],
    ['phone\n+12', 2, 'phone'],
    ['phone,client_id\n+4917012345678,abc', 2, 'client_id'],
    ['phone,deal_id\n+4917012345678,"x', 2, 'row'],
    ['phone,client_id\n+4917012345678', 2, 'row'],
    ['phone\n+4917012345678\n+4917012345678', 3, 'phone'],
    ['phone\n', 2, 'file'],
  ])('%j → error at line %d field %s, nothing kept', (csv, line, field) => {
    const { rows, errors } = parseTargetsCsv(csv);
    expect(rows).toEqual([]);
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ line, field })]));
  });
  it('reports every bad row, not just the first', () => {
    const { errors } = parseTargetsCsv('phone\n+4917012345678\nbad\n+4917012345679\nalso-bad');
    expect(errors.map((e) => e.line)).toEqual([3, 5]);
  });
});
