import pino, { type Logger } from 'pino';

/** The root logger: JSON lines on stderr, level from LOG_LEVEL (default `info`, `silent` in tests). */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info')): Logger {
  return pino({ name, level }, pino.destination(2));
}
