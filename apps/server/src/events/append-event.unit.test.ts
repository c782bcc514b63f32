import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/pool.js';
import { appendEvent } from './append-event.js';
import { sampleProductData, sampleUserData } from './testing/sample-event-data.js';

describe('appendEvent', () => {
  it('takes only the data its event type has (tsc refuses anything else; this file is type-checked)', () => {
    const writes = (db: Queryable) => [
      appendEvent(db, { type: 'user.disabled', actor: null, data: sampleUserData(), correlationId: 'c' }),
      // @ts-expect-error an order event's data is {order, from}
      appendEvent(db, { type: 'order.placed', actor: null, data: sampleUserData(), correlationId: 'c' }),
      // @ts-expect-error product.updated names the fields it changed
      appendEvent(db, { type: 'product.updated', actor: null, data: sampleProductData(), correlationId: 'c' }),
      // @ts-expect-error not an event type
      appendEvent(db, { type: 'order.teleported', actor: null, data: {}, correlationId: 'c' }),
    ];
    expect(writes).toBeTypeOf('function');
  });
});
