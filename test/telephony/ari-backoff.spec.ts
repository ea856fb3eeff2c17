import { nextBackoffMs } from '../../src/telephony/ari/ari-backoff';

describe('nextBackoffMs (base 250 ms, cap 10 s, equal jitter)', () => {
  const cases: Array<[number, number, number]> = [
    // attempt, random, expected ms
    [0, 0, 125],
    [0, 0.999999, 250],
    [0, 0.5, 188],
    [1, 0, 250],
    [1, 1, 500],
    [2, 0, 500],
    [3, 1, 2000],
    [4, 0.5, 3000],
    [5, 1, 8000],
    [6, 0, 5000], // 16 s window capped at 10 s: 5..10 s
    [6, 1, 10000],
    [50, 0.5, 7500],
    [5000, 1, 10000], // 2 ** 5000 is Infinity: still the cap
    [-3, 0, 125], // nonsense attempt treated as the first
    [Number.NaN, 1, 250],
    [2.7, 0, 500], // fractional attempt floors
    [0, 7, 250], // random outside [0,1] clamped
    [0, -1, 125],
  ];

  it.each(cases)('attempt %p, random %p -> %p ms', (attempt, random, expected) => {
    expect(nextBackoffMs(attempt, random)).toBe(expected);
  });

  it('never exceeds the cap and never goes below half the first window', () => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      for (const random of [0, 0.25, 0.5, 0.75, 0.99]) {
        const delay = nextBackoffMs(attempt, random);
        expect(delay).toBeLessThanOrEqual(10_000);
        expect(delay).toBeGreaterThanOrEqual(125);
      }
    }
  });

  it('honours custom options', () => {
    expect(nextBackoffMs(3, 1, { baseMs: 100, capMs: 500 })).toBe(500);
    expect(nextBackoffMs(1, 0, { baseMs: 100, capMs: 500 })).toBe(100);
  });
});
