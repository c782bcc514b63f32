import { randomBytes, randomUUID } from 'node:crypto';
import type { Role, User } from '@swyft/contract';
import { hashPassword } from '../../src/auth/passwords.js';
import { insertSession } from '../../src/auth/session-queries.js';
import type { Queryable } from '../../src/db/pool.js';
import { insertUser, toUserDto } from '../../src/users/user-queries.js';

export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

/** How many users of each role a test file starts with. */
export interface TestCast {
  admins?: number;
  customers?: number;
  partners?: number;
}

/**
 * Inserts a user directly (fast: one password hash shared by every test user, `TEST_PASSWORD`) with a live
 * session of its own, as a sign-in would leave it.
 */
export async function insertTestUser(
  db: Queryable,
  role: Role,
  overrides: { email?: string; name?: string } = {},
): Promise<{ user: User; sessionId: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const row = await insertUser(db, {
    email: overrides.email ?? `${role}-${randomBytes(5).toString('hex')}@example.test`,
    name: overrides.name ?? `Test ${role}`,
    role,
    passwordHash: await passwordHash,
  });
  const sessionId = randomUUID();
  await insertSession(db, { id: sessionId, userId: row.id });
  return { user: toUserDto(row), sessionId };
}

type Tuple<N extends number, T, R extends T[] = []> = R['length'] extends N ? R : Tuple<N, T, [...R, T]>;
/** `count` users as a tuple when the count is a literal (`customers: [owner, stranger]`), else an array. */
export type Members<Count, T> = Count extends number ? (number extends Count ? T[] : Tuple<Count, T>) : [];

/** The users of a cast, by role; `admin`, `customer`, `partner` are the first of each. */
export interface CastMembers<C extends TestCast, T> {
  admins: Members<C['admins'], T>;
  customers: Members<C['customers'], T>;
  partners: Members<C['partners'], T>;
  admin: T;
  customer: T;
  partner: T;
}

/**
 * Placeholders for a cast, filled in by `fill` once the users exist: a test file can name them at its top
 * (`const { admin, customers } = withTestNode(...)`) although they are only created before its first test.
 */
export function castPlaceholders<C extends TestCast, T extends object>(
  cast: C,
): { members: CastMembers<C, T>; fill(create: (role: Role) => Promise<T>): Promise<void> } {
  const make = (count = 0) => Array.from({ length: count }, () => ({}) as T);
  const admins = make(cast.admins);
  const customers = make(cast.customers);
  const partners = make(cast.partners);
  return {
    members: {
      admins,
      customers,
      partners,
      // The first of each role (undefined when the cast has none).
      admin: admins[0] as T,
      customer: customers[0] as T,
      partner: partners[0] as T,
    } as CastMembers<C, T>,
    async fill(create: (role: Role) => Promise<T>): Promise<void> {
      const roles: [Role, T[]][] = [
        ['admin', admins],
        ['customer', customers],
        ['partner', partners],
      ];
      await Promise.all(
        roles.flatMap(([role, places]) => places.map(async (place) => Object.assign(place, await create(role)))),
      );
    },
  };
}
