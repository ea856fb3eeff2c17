import { alawToLinear } from './rtp-sink';

describe('A-law decoding used by the listen test', () => {
  it.each([
    [0xd5, 8],
    [0x55, -8],
    [0xaa, 32256],
    [0x2a, -32256],
  ])('0x%s decodes to %d', (byte, sample) => expect(alawToLinear(byte)).toBe(sample));
});
