import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * A button that acts only after being held for `holdMs` (a finger, the mouse, or Space/Enter held down),
 * with its progress filling the button. A tap, a click or a brushing finger never acts: the hint says to
 * keep holding. For steps that cannot be taken back (completing a delivery).
 */
export function HoldButton({
  onComplete,
  disabled = false,
  holdMs = 1000,
  hint = 'Press and hold for 1 second to confirm.',
  children,
  testId,
}: {
  onComplete: () => void;
  disabled?: boolean;
  holdMs?: number;
  hint?: string;
  children: ReactNode;
  testId?: string;
}) {
  const hintId = useId();
  const [progress, setProgress] = useState(0);
  const [tooShort, setTooShort] = useState(false);
  const started = useRef<number | null>(null);
  const frame = useRef<number | undefined>(undefined);
  const completed = useRef(false);

  useEffect(() => () => cancelAnimationFrame(frame.current ?? 0), []);

  function begin() {
    if (disabled || started.current !== null) return;
    started.current = performance.now();
    completed.current = false;
    setTooShort(false);
    const tick = (now: number) => {
      if (started.current === null) return;
      const value = Math.min(1, (now - started.current) / holdMs);
      setProgress(value);
      if (value >= 1) {
        started.current = null;
        completed.current = true;
        setProgress(0);
        onComplete();
        return;
      }
      frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
  }

  function stop() {
    if (started.current === null) return;
    cancelAnimationFrame(frame.current ?? 0);
    started.current = null;
    setProgress(0);
    if (!completed.current) setTooShort(true);
  }

  const isHoldKey = (key: string) => key === ' ' || key === 'Enter';
  return (
    <div className="space-y-1">
      <button
        type="button"
        disabled={disabled}
        aria-describedby={hintId}
        data-testid={testId}
        className="tap relative isolate inline-flex min-h-16 w-full touch-none select-none items-center justify-center gap-3 overflow-hidden rounded-2xl bg-fg px-6 py-3 text-lg font-semibold text-surface shadow-sm disabled:cursor-not-allowed disabled:opacity-50"
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture?.(event.pointerId);
          begin();
        }}
        onPointerUp={stop}
        onPointerCancel={stop}
        onLostPointerCapture={stop}
        onKeyDown={(event) => {
          if (!isHoldKey(event.key)) return;
          event.preventDefault();
          if (!event.repeat) begin();
        }}
        onKeyUp={(event) => {
          if (isHoldKey(event.key)) stop();
        }}
        onBlur={stop}
        onContextMenu={(event) => event.preventDefault()}
        onClick={(event) => event.preventDefault()}
      >
        <span
          aria-hidden="true"
          className="absolute inset-y-0 left-0 -z-10 w-full origin-left bg-accent"
          style={{ transform: `scaleX(${progress})` }}
          data-testid={testId ? `${testId}-progress` : undefined}
        />
        {children}
      </button>
      <p id={hintId} className={`text-center text-xs ${tooShort ? 'font-semibold text-fg' : 'text-fg-muted'}`}>
        {tooShort ? `Keep holding until the bar is full. ${hint}` : hint}
      </p>
    </div>
  );
}
