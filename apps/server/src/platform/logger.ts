import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';

export type Logger = FastifyBaseLogger;

/** Structured JSON logs to stdout (or `destination`: a test reading them); every request's lines carry its `reqId`. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'swyft' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', 'currentPassword'], remove: true },
  };
  return (destination ? pino(options, destination) : pino(options)) as Logger;
}
