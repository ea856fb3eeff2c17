import { afterAttempt, isAccepted, retrySchedule } from '../../src/webhooks/webhook-delivery.policy';

const NOW = new Date('2025-11-27T10:00:00.000Z');
const SETTINGS = { maxAttempts: 8, backoffMs: 2000 };

describe('isAccepted', () => {
  it.each([
    [200, true],
    [202, true],
    [204, true],
    [299, true],
    [199, false],
    [301, false],
    [400, false],
    [410, false],
    [429, false],
    [500, false],
    [null, false],
  ])('HTTP %s → %s', (statusCode, accepted) => {
    expect(isAccepted(statusCode)).toBe(accepted);
  });
});

describe('retrySchedule', () => {
  it.each([
    [{ maxAttempts: 8, backoffMs: 2000 }, [2000, 4000, 8000, 16000, 32000, 64000, 128000]],
    [{ maxAttempts: 4, backoffMs: 100 }, [100, 200, 400]],
    [{ maxAttempts: 1, backoffMs: 2000 }, []],
  ])('%j → %j', (settings, delays) => {
    expect(retrySchedule(settings)).toEqual(delays);
  });
});

describe('afterAttempt', () => {
  it.each([
    ['2xx on the first attempt', 1, { statusCode: 200, error: null }, { status: 'delivered', nextAttemptAt: null, lastError: null }],
    ['2xx on the last attempt', 8, { statusCode: 204, error: null }, { status: 'delivered', nextAttemptAt: null, lastError: null }],
    ['500 on the first attempt', 1, { statusCode: 500, error: 'HTTP 500' }, { status: 'pending', nextAttemptAt: new Date(NOW.getTime() + 2000), lastError: 'HTTP 500' }],
    ['timeout on the third attempt', 3, { statusCode: null, error: 'timed out after 5000 ms' }, { status: 'pending', nextAttemptAt: new Date(NOW.getTime() + 8000), lastError: 'timed out after 5000 ms' }],
    ['4xx without an error text', 2, { statusCode: 404, error: null }, { status: 'pending', nextAttemptAt: new Date(NOW.getTime() + 4000), lastError: 'HTTP 404' }],
    ['500 on the last attempt', 8, { statusCode: 500, error: 'HTTP 500' }, { status: 'failed', nextAttemptAt: null, lastError: 'HTTP 500' }],
    ['connection refused past the last attempt', 9, { statusCode: null, error: 'fetch failed' }, { status: 'failed', nextAttemptAt: null, lastError: 'fetch failed' }],
  ])('%s', (_case, attempt, result, expected) => {
    expect(afterAttempt(attempt, result, SETTINGS, NOW)).toEqual(expected);
  });
});
