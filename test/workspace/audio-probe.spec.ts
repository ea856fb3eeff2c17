import { buildWav } from '../../src/recordings/wav.util';
import { toneAndRest, toneWav } from './audio-probe';

/** The e2e test's measuring tool must tell the two sides of a call apart, or its verdict means nothing. */
describe('toneAndRest', () => {
  const RATE = 8000;
  const signal = (make: (i: number) => number): Buffer => buildWav(Int16Array.from({ length: RATE * 2 }, (_, i) => Math.round(make(i))), RATE);
  let seed = 7;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31) * 2 - 1;
  };
  const tone = (i: number): number => 4000 * Math.sin((2 * Math.PI * 2900 * i) / RATE);

  it.each([
    ['tone alone', signal(tone), [3900, 4100], [0, 150]],
    ['speech-like noise alone', signal(() => 3000 * noise()), [0, 150], [1500, 2000]],
    ['both mixed', signal((i) => tone(i) + 3000 * noise()), [3800, 4200], [1500, 2000]],
    ['silence', signal(() => 0), [0, 1], [0, 1]],
  ] as Array<[string, Buffer, [number, number], [number, number]]>)('%s', (_name, wav, [toneLow, toneHigh], [restLow, restHigh]) => {
    const { tone: measured, rest } = toneAndRest(wav, 2900, 0.1, 1.9);
    expect(measured).toBeGreaterThanOrEqual(toneLow);
    expect(measured).toBeLessThanOrEqual(toneHigh);
    expect(rest).toBeGreaterThanOrEqual(restLow);
    expect(rest).toBeLessThanOrEqual(restHigh);
  });

  it('the fake microphone file is a 48 kHz tone of the given level', () => {
    const { tone: measured, rest } = toneAndRest(toneWav(2900, 1), 2900, 0, 1);
    expect(measured).toBeGreaterThan(0.29 * 32767);
    expect(rest).toBeLessThan(100);
  });
});
