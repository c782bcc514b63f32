import { describe, expect, it } from 'vitest';
import { disabledText, eventTypesText } from './webhook-words';

describe('webhook words', () => {
  it('says who disabled an endpoint, and for failures since when and the last error', () => {
    const admin = { disabledBy: 'admin', disabledReason: 'Disabled by an admin', failingSince: null } as const;
    expect(disabledText(admin)).toBe('Disabled by an admin. Events are kept and sent when it is enabled.');
    const failures = {
      disabledBy: 'failures',
      disabledReason: 'HTTP 503 (event 12, attempt 30)',
      failingSince: '2026-11-29T10:00:00.000Z',
    } as const;
    expect(disabledText(failures)).toMatch(
      /^Disabled after 24 hours of failed deliveries, failing since .+\. Last error: HTTP 503 \(event 12, attempt 30\)\. Events are kept/,
    );
    expect(disabledText({ ...failures, disabledReason: null, failingSince: null })).toBe(
      'Disabled after 24 hours of failed deliveries. Events are kept and sent when it is enabled.',
    );
  });

  it('names the event types, all or a few', () => {
    expect(eventTypesText(['*'])).toBe('All events');
    expect(eventTypesText(['order.placed', 'order.delivered'])).toBe('order.placed, order.delivered');
    expect(eventTypesText(['a.a', 'b.b', 'c.c', 'd.d', 'e.e'])).toBe('a.a, b.b, c.c and 2 more');
  });
});
