import { isTransientDatabaseError, nextRetry, PERMANENT_FAILURE_ATTEMPTS } from '../../src/calls/journal-retry.policy';

describe('journal retry policy', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true],
    ['admin shutdown', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), true],
    ['pool wait timed out', new Error('timeout exceeded when trying to connect'), true],
    ['connection cut mid-query', new Error('Connection terminated unexpectedly'), true],
    ['TypeORM wrapping a driver error', Object.assign(new Error('query failed'), { driverError: { code: '08006' } }), true],
    ['starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' }), true],
    ['deadlock', Object.assign(new Error('deadlock detected'), { code: '40P01' }), true],
    ['foreign key violation', Object.assign(new Error('violates foreign key constraint'), { code: '23503' }), false],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
    ['not an error', 'boom', false],
  ])('%s → transient %s', (_name, error, transient) => {
    expect(isTransientDatabaseError(error)).toBe(transient);
  });

  it.each([
    // attempt, random, expected delay
    [1, 0, 100],
    [2, 0, 200],
    [4, 0, 800],
    [6, 0, 2000],
    [50, 0, 2000],
    [3, 0.5, 360],
  ])('transient failure, attempt %i (jitter %d) → retry in %i ms', (attempt, random, delayMs) => {
    expect(nextRetry(new Error('Connection terminated'), attempt, 2000, random)).toEqual({ retry: true, delayMs });
  });

  it('a transient failure retries for as long as the outage lasts', () => {
    expect(nextRetry(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 10_000, 2000, 0.99).retry).toBe(true);
  });

  it('any other failure is tried a few times, then given up', () => {
    const bug = new TypeError('bug');
    expect(nextRetry(bug, PERMANENT_FAILURE_ATTEMPTS - 1, 2000, 0)).toEqual({ retry: true, delayMs: 200 });
    expect(nextRetry(bug, PERMANENT_FAILURE_ATTEMPTS, 2000, 0)).toEqual({ retry: false, delayMs: 0 });
  });
});
