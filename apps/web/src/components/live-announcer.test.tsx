import { act, cleanup, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnnouncerProvider, useAnnounce } from './live-announcer';

function Speaks({ message }: { message: string }) {
  const announce = useAnnounce();
  useEffect(() => announce(message), [announce, message]);
  return null;
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('live announcer', () => {
  it('empties the region first, so the same words are spoken again', async () => {
    vi.useFakeTimers();
    const { rerender } = render(
      <AnnouncerProvider>
        <Speaks message="Order picked up" />
      </AnnouncerProvider>,
    );
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(screen.getByTestId('announcer-polite').textContent).toBe('Order picked up');
    rerender(
      <AnnouncerProvider>
        <Speaks message="On the way" />
      </AnnouncerProvider>,
    );
    expect(screen.getByTestId('announcer-polite').textContent).toBe('');
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(screen.getByTestId('announcer-polite').textContent).toBe('On the way');
  });

  it('leaves no timer behind when it unmounts with a message still pending', () => {
    vi.useFakeTimers();
    const { unmount } = render(
      <AnnouncerProvider>
        <Speaks message="Key revoked" />
      </AnnouncerProvider>,
    );
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
