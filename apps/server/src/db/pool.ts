import pg from 'pg';

// int8 (bigint) columns such as `seq` and counts come back as JS numbers: our values stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: the pool or a client inside a transaction. Query modules take this. */
export type Queryable = Pick<pg.Pool, 'query'>;

export function createPool(connectionString: string, max: number, onError: (error: Error) => void): Pool {
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
  // An idle client that loses its connection (database restart) emits here; without a listener it would
  // crash the process.
  pool.on('error', onError);
  return pool;
}
