import { createSocket, Socket } from 'node:dgram';

/** G.711 A-law byte → linear sample (ITU-T G.711). */
export function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a & 0x70) >> 4;
  let sample = (a & 0x0f) << 4;
  sample += exponent === 0 ? 8 : 0x108;
  if (exponent > 1) sample <<= exponent - 1;
  return a & 0x80 ? sample : -sample;
}

/**
 * The receiving end of a supervisor's softphone: counts RTP packets and the ones that carry
 * audible A-law audio (mean |sample| above a floor), so silence or comfort noise does not pass.
 */
export class RtpSink {
  packets = 0;
  audible = 0;
  private constructor(private readonly socket: Socket, readonly port: number) {}

  static async open(): Promise<RtpSink> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    const sink = new RtpSink(socket, socket.address().port);
    socket.on('message', (packet) => sink.onPacket(packet));
    return sink;
  }

  private onPacket(packet: Buffer): void {
    if (packet.length <= 12 || packet[0] >> 6 !== 2) return;
    this.packets += 1;
    const csrc = packet[0] & 0x0f;
    const payloadType = packet[1] & 0x7f;
    if (payloadType !== 8) return;
    const payload = packet.subarray(12 + 4 * csrc);
    let sum = 0;
    for (const byte of payload) sum += Math.abs(alawToLinear(byte));
    if (payload.length > 0 && sum / payload.length > 300) this.audible += 1;
  }

  close(): void {
    this.socket.close();
  }
}
