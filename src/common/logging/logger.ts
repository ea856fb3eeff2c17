import pino, { Logger } from 'pino';

export type AppLogger = Logger;

/** Keys whose values never reach a log line, wherever they appear in an object. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'api_key',
];

export function createRootLogger(level: string): AppLogger {
  return pino({
    level,
    base: { service: 'salescall' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
