import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countdownSpeech, OfferCountdown } from './offer-countdown';

describe('offer countdown', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('speaks only when the time left drops past a mark, never each second', () => {
    const spoken = Array.from({ length: 26 }, (_, i) => countdownSpeech(25 - i));
    const changes = spoken.filter((sentence, i) => i === 0 || sentence !== spoken[i - 1]);
    expect(changes).toEqual([
      '30 seconds or less to accept',
      '10 seconds or less to accept',
      '5 seconds or less to accept',
      'This offer has ended',
    ]);
    expect(countdownSpeech(90)).toBeNull();
  });

  it('counts down every second for the eye and keeps the live sentence still between marks', () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-21T10:00:00.000Z') });
    render(<OfferCountdown expiresAt="2026-11-21T10:00:20.000Z" />);
    const box = screen.getByTestId('offer-countdown');
    const live = box.querySelector('[aria-live="polite"]')!;
    expect(box.textContent).toContain('0:20');
    expect(live.textContent).toBe('30 seconds or less to accept');

    act(() => vi.advanceTimersByTime(5_000));
    expect(box.textContent).toContain('0:15');
    expect(live.textContent).toBe('30 seconds or less to accept');

    act(() => vi.advanceTimersByTime(5_000));
    expect(live.textContent).toBe('10 seconds or less to accept');

    act(() => vi.advanceTimersByTime(10_000));
    expect(box.textContent).toContain('0:00');
    expect(live.textContent).toBe('This offer has ended');
  });
});
