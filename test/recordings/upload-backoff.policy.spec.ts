import { UPLOAD_BACKOFF_TYPE, uploadBackoffStrategy, uploadRetryDelayMs } from '../../src/recordings/upload-backoff.policy';

describe('uploadRetryDelayMs: doubling from the base, never above the cap', () => {
  it.each([
    // attempts made, base, cap, delay
    [1, 5_000, 60_000, 5_000],
    [2, 5_000, 60_000, 10_000],
    [3, 5_000, 60_000, 20_000],
    [4, 5_000, 60_000, 40_000],
    [5, 5_000, 60_000, 60_000], // 80 s uncapped
    [11, 5_000, 60_000, 60_000], // 85 min uncapped: the wait after a long outage
    [50, 5_000, 60_000, 60_000], // no overflow however many attempts
    [0, 5_000, 60_000, 5_000],
    [3, 500, 1_500, 1_500],
    [1, 90_000, 60_000, 60_000], // a base above the cap is capped too
  ])('attempt %i, base %i ms, cap %i ms → %i ms', (attemptsMade, baseMs, maxMs, expected) => {
    expect(uploadRetryDelayMs(attemptsMade, baseMs, maxMs)).toBe(expected);
  });
});

describe('uploadBackoffStrategy: reads the base and the cap from the job', () => {
  const job = (delay: number, backoffMaxMs?: number) => ({ opts: { backoff: { type: UPLOAD_BACKOFF_TYPE, delay } }, data: { recordingId: 'r', backoffMaxMs } });

  it.each([
    ['capped job', 9, job(5_000, 60_000), 60_000],
    ['capped job, early attempt', 2, job(5_000, 60_000), 10_000],
    ['job queued before the cap existed: plain doubling', 9, job(5_000), 1_280_000],
  ])('%s', (_case, attemptsMade, given, expected) => {
    expect(uploadBackoffStrategy(attemptsMade as number, UPLOAD_BACKOFF_TYPE, undefined, given as ReturnType<typeof job>)).toBe(expected);
  });

  it('another backoff type gets BullMQ exponential semantics', () => {
    expect(uploadBackoffStrategy(3, 'exponential', undefined, job(1_000, 2_000))).toBe(4_000);
  });
});
