import { buildWav, inspectWav } from '../../src/recordings/wav.util';

/** A pure sine as a 16-bit mono WAV: Chromium's fake microphone plays it (--use-file-for-fake-audio-capture). */
export function toneWav(frequencyHz: number, seconds: number, sampleRate = 48_000, amplitude = 0.3): Buffer {
  const samples = new Int16Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate));
  return buildWav(samples, sampleRate);
}

/**
 * Splits a mixed recording into "the tone" and "everything else" between two times: the tone's
 * amplitude by the Goertzel filter at its frequency, the rest as the RMS left once the tone's
 * power (A²/2) is taken out. A bridge recording of a browser that sends the tone and a caller who
 * sends speech thus shows each side's level on its own.
 */
export function toneAndRest(wav: Buffer, frequencyHz: number, fromSeconds: number, toSeconds: number): { tone: number; rest: number } {
  const verdict = inspectWav(wav);
  if (verdict.kind !== 'audio' || verdict.format.bitsPerSample !== 16 || verdict.format.channels !== 1) throw new Error('toneAndRest needs 16-bit mono PCM');
  const { sampleRate } = verdict.format;
  const first = verdict.dataOffset + Math.floor(fromSeconds * sampleRate) * 2;
  const last = Math.min(verdict.dataOffset + verdict.dataBytes, verdict.dataOffset + Math.floor(toSeconds * sampleRate) * 2);
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  let power = 0;
  let count = 0;
  for (let at = first; at + 2 <= last; at += 2) {
    const sample = wav.readInt16LE(at);
    const s0 = sample + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
    power += sample * sample;
    count += 1;
  }
  if (count === 0) return { tone: 0, rest: 0 };
  const tone = (2 * Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coefficient * s1 * s2))) / count;
  return { tone, rest: Math.sqrt(Math.max(0, power / count - (tone * tone) / 2)) };
}
