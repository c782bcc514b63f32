import pg from 'pg';

// int8 (bigint) columns such as `seq` and counts come back as JS numbers: our values stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: the pool or a client inside a transaction. Query modules take this. */
export type Queryable = Pick<pg.Pool, 'query'>;

/**
 * The pool every query of a node goes through. `onConnectionLost` hears once of each connection that dies
 * (the database restarted, failed over, or ended the session): the pool replaces it on demand.
 */
export function createPool(connectionString: string, max: number, onConnectionLost: (error: Error) => void): Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'swyft',
    // Queries written back to back without waiting for each answer: a transaction's BEGIN travels with
    // its first statement (see withTransaction).
    pipeline: true,
  } as pg.PoolConfig);
  // pg-pool listens to a client's 'error' only while the client is idle in the pool. A client checked out
  // (a transaction between two statements, the migration lock) whose connection dies would emit 'error' to
  // nobody, and an 'error' event with no listener ends the process. So each client gets a listener for its
  // whole life: its pending queries fail by themselves, later ones fail as "not queryable", and the client
  // is discarded when it is released (withTransaction releases it with the error).
  const reported = new WeakSet<pg.Client>();
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      // A dying connection often emits twice (the server's FATAL message, then the socket's end).
      if (reported.has(client)) return;
      reported.add(client);
      onConnectionLost(error);
    });
  });
  // An idle client's error is re-emitted here after the pool has dropped it; the listener above reported it.
  pool.on('error', () => {});
  return pool;
}
