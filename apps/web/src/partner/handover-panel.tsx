import { Delete, LockKeyhole, PhoneCall } from 'lucide-react';
import { useId } from 'react';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
export const CODE_LENGTH = 4;

/**
 * The customer's 4-digit handover code: typed, or tapped on a big keypad (one hand, gloves), with how many
 * tries are left after a wrong one, or why the delivery is locked.
 */
export function HandoverPanel({
  code,
  onCode,
  attemptsLeft,
  locked,
}: {
  code: string;
  onCode: (code: string) => void;
  attemptsLeft: number | null;
  locked: boolean;
}) {
  const inputId = useId();
  const helpId = useId();
  if (locked) {
    return (
      <div
        role="alert"
        className="space-y-1 rounded-2xl bg-danger-soft p-4 text-danger-soft-fg ring-1 ring-danger-border"
        data-testid="handover-locked"
      >
        <p className="flex items-center gap-2 font-bold">
          <LockKeyhole aria-hidden="true" className="size-5 shrink-0" />
          Delivery locked after too many wrong codes
        </p>
        <p className="flex items-start gap-2 text-sm">
          <PhoneCall aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          Call support: an admin checks with the customer and completes the delivery.
        </p>
      </div>
    );
  }
  const press = (digit: string) => onCode((code + digit).slice(0, CODE_LENGTH));
  return (
    <div className="space-y-3 rounded-2xl bg-surface-muted p-3" data-testid="handover-panel">
      <div className="space-y-1 text-center">
        <label htmlFor={inputId} className="block font-semibold text-fg">
          Customer’s code
        </label>
        <p id={helpId} className="text-sm text-fg-muted">
          Ask the customer for the 4 digits on their order page.
        </p>
        <input
          id={inputId}
          aria-describedby={helpId}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={CODE_LENGTH}
          value={code}
          onChange={(event) => onCode(event.target.value.replace(/\D/g, '').slice(0, CODE_LENGTH))}
          placeholder="····"
          className="mx-auto block w-48 rounded-xl bg-surface py-2 text-center font-mono text-4xl font-bold tracking-[0.4em] text-fg ring-1 ring-border-strong placeholder:text-fg-muted"
          data-testid="handover-code"
        />
        {attemptsLeft !== null && (
          <p role="alert" className="text-sm font-semibold text-danger" data-testid="handover-attempts">
            Wrong code. {attemptsLeft} {attemptsLeft === 1 ? 'try' : 'tries'} left.
          </p>
        )}
      </div>
      <fieldset aria-label="Keypad" className="mx-auto grid max-w-72 grid-cols-3 gap-2">
        {KEYS.map((digit) => (
          <KeypadButton key={digit} onClick={() => press(digit)}>
            {digit}
          </KeypadButton>
        ))}
        <KeypadButton onClick={() => onCode('')} label="Clear the code" small>
          Clear
        </KeypadButton>
        <KeypadButton onClick={() => press('0')}>0</KeypadButton>
        <KeypadButton onClick={() => onCode(code.slice(0, -1))} label="Delete the last digit">
          <Delete aria-hidden="true" className="size-6" />
        </KeypadButton>
      </fieldset>
    </div>
  );
}

function KeypadButton({
  onClick,
  children,
  label,
  small = false,
}: {
  onClick: () => void;
  children: React.ReactNode;
  label?: string;
  small?: boolean;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      className={`tap flex h-14 select-none items-center justify-center rounded-xl bg-surface font-semibold text-fg shadow-sm ring-1 ring-border hover:bg-canvas active:bg-accent-soft ${small ? 'text-base' : 'text-2xl'}`}
    >
      {children}
    </button>
  );
}
