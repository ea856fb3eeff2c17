import { Writable } from 'node:stream';
import pino from 'pino';
import { AppLogger } from '../../src/common/logging/logger';

/** A real pino logger whose lines are kept, parsed, for a test to read. */
export function captureLogs(): { logger: AppLogger; lines: Array<Record<string, any>> } {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}
