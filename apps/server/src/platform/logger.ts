import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';

export type Logger = FastifyBaseLogger;

/** Structured JSON logs; every request's lines carry its `reqId`. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'swyft' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', 'currentPassword'], remove: true },
  }) as Logger;
}
