/** The services the system tests use: the machine's own PostgreSQL 15 and Redis, unless told otherwise. */
export const SYSTEM_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const SYSTEM_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
