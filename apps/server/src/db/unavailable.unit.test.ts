import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.js';

const pgError = (code: string, message = 'x', routine?: string) => Object.assign(new Error(message), { code, routine });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'admin_shutdown (pg_terminate_backend, failover)',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    ['crash_shutdown', pgError('57P02')],
    ['cannot_connect_now', pgError('57P03', 'the database system is starting up')],
    ['database_dropped', pgError('57P04')],
    ['idle_session_timeout', pgError('57P05')],
    ['too_many_connections', pgError('53300')],
    ['connection_failure (class 08)', pgError('08006')],
    ['sqlclient_unable_to_establish_sqlconnection (class 08)', pgError('08001')],
    [
      'a database that does not accept connections',
      pgError('55000', 'database "shop" is not currently accepting connections', 'CheckMyDatabase'),
    ],
    [
      'the same, in another language',
      pgError('55000', 'la base de données « shop » n’accepte plus', 'CheckMyDatabase'),
    ],
    ['refused', socketError('ECONNREFUSED')],
    ['reset', socketError('ECONNRESET')],
    ['timed out', socketError('ETIMEDOUT')],
    ['broken pipe', socketError('EPIPE')],
    ['every address refused', new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')])],
    ['pg: connection lost', new Error('Connection terminated unexpectedly')],
    ['pg: client after a lost connection', new Error('Client has encountered a connection error and is not queryable')],
    ['pg-pool: no client in time', new Error('timeout exceeded when trying to connect')],
    [
      'pg-pool: connecting took too long',
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
    ],
  ])('is true for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['a serialization failure (retried, not unavailable)', pgError('40001')],
    ['lock_not_available', pgError('55P03')],
    [
      '55000 for something other than connecting',
      pgError('55000', 'prepared transactions are disabled', 'PrepareTransaction'),
    ],
    ['a syntax error', pgError('42601')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that only mentions a connection', new Error('Connection terminated unexpectedly, said the user')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('is false for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
