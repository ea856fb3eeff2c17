import { ATTEMPT_LIFETIME_EXTRA_MS, isAttemptLost } from '../../src/dialer/dialing-sweep.policy';

describe('isAttemptLost: a dialing target nothing will move again', () => {
  const t0 = new Date('2026-12-01T10:00:00Z');
  const bound = 30_000 + ATTEMPT_LIFETIME_EXTRA_MS;
  const at = (ms: number): Date => new Date(t0.getTime() + ms);
  it.each([
    ['live here, however old', { live: true, startedAt: t0, firstSeenAt: t0 }, at(10 * bound), false],
    ['attempt started within its lifetime', { live: false, startedAt: t0, firstSeenAt: t0 }, at(bound - 1), false],
    ['attempt started past its lifetime', { live: false, startedAt: t0, firstSeenAt: at(bound) }, at(bound), true],
    ['no attempt row, first seen within the bound', { live: false, startedAt: null, firstSeenAt: t0 }, at(bound - 1), false],
    ['no attempt row, first seen past the bound', { live: false, startedAt: null, firstSeenAt: t0 }, at(bound), true],
  ])('%s', (_case, target, now, lost) => {
    expect(isAttemptLost({ ringSeconds: 30, ...target }, now)).toBe(lost);
  });
});
