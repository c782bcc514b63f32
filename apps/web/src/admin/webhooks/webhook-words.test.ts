import { describe, expect, it } from 'vitest';
import { disabledText, eventTypesText } from './webhook-words';

describe('webhook words', () => {
  it('says why an endpoint is disabled, whether the server sends a code or a sentence', () => {
    expect(disabledText(null)).toMatch(/^Disabled by an admin\. Events are kept/);
    expect(disabledText('admin')).toMatch(/^Disabled by an admin\. /);
    expect(disabledText('Disabled by an admin')).toMatch(/^Disabled by an admin\. /);
    expect(disabledText('failing')).toBe(
      'Disabled after 24 hours of failed deliveries. Events are kept and sent when it is enabled.',
    );
    const text = disabledText('Failing since 2026-11-29T10:00:00.000Z: HTTP 503 (event 12, attempt 30)');
    expect(text).toMatch(
      /^Disabled after 24 hours of failed deliveries, failing since .+\. Last error: HTTP 503 \(event 12, attempt 30\)\. Events are kept/,
    );
    expect(disabledText('maintenance window')).toMatch(/^Disabled: maintenance window\. /);
  });

  it('names the event types, all or a few', () => {
    expect(eventTypesText(['*'])).toBe('All events');
    expect(eventTypesText(['order.placed', 'order.delivered'])).toBe('order.placed, order.delivered');
    expect(eventTypesText(['a.a', 'b.b', 'c.c', 'd.d', 'e.e'])).toBe('a.a, b.b, c.c and 2 more');
  });
});
