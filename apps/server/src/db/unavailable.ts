/**
 * Whether an error means "the database (or the network to it) cannot serve us right now", as opposed to a
 * bug or a request the database refused. These become 503 `unavailable` with retry-after, in one place
 * (http/error-handler.ts), whatever the query that met them.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const cause of causesOf(error)) {
    const { code, message, routine } = cause as { code?: unknown; message?: unknown; routine?: unknown };
    if (typeof code === 'string') {
      if (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith(CONNECTION_EXCEPTION_CLASS)) return true;
      if (SOCKET_ERRORS.has(code)) return true;
      // 55000 (object_not_in_prerequisite_state) only means "not available" when refusing a connection:
      // `ALTER DATABASE ... ALLOW_CONNECTIONS false`, or a database being dropped or created from.
      if (
        code === '55000' &&
        (routine === 'CheckMyDatabase' || /not currently accepting connections/i.test(`${message}`))
      )
        return true;
    }
    if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/** SQLSTATE class 08: connection_exception and its subclasses (08000, 08003, 08006, 08001, 08004, ...). */
const CONNECTION_EXCEPTION_CLASS = '08';

const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown, a failover
  '57P02', // crash_shutdown: another backend crashed, the server restarts
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '57P04', // database_dropped
  '57P05', // idle_session_timeout
  '53300', // too_many_connections
]);

/** Socket errors met while connecting to the database or talking to it. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** What `pg` and `pg-pool` say, without a code, when a connection is gone or cannot be had in time. */
const DRIVER_MESSAGES = [
  /^Connection terminated unexpectedly$/,
  /^Connection terminated due to connection timeout$/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
];

/** The error, what it was caused by, and what an AggregateError (a connect to several addresses) holds. */
function causesOf(error: unknown, depth = 0): unknown[] {
  if (!error || typeof error !== 'object' || depth > 5) return [];
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  return [
    error,
    ...causesOf(cause, depth + 1),
    ...(Array.isArray(errors) ? errors.flatMap((inner) => causesOf(inner, depth + 1)) : []),
  ];
}
