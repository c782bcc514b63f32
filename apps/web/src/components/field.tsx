import { type ComponentProps, type ReactNode, useId } from 'react';

/** Inputs: a 3:1 edge, the theme's focus ring (global), a red edge when invalid; 44 px tall on phones. */
const inputClass =
  'tap block w-full rounded-xl border border-border-strong bg-surface px-3.5 py-2.5 text-base text-fg shadow-sm placeholder:text-fg-muted focus:border-accent aria-[invalid=true]:border-danger disabled:bg-surface-muted';

interface FieldShell {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
}

/**
 * The label, hint and error around one control, tied to it for screen readers; `control` receives the props
 * that do the tying.
 */
function Field({
  label,
  error,
  hint,
  id,
  control,
}: FieldShell & {
  id: string | undefined;
  control: (props: {
    id: string;
    'aria-invalid': true | undefined;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const describedBy = [error && `${inputId}-error`, hint && `${inputId}-hint`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={inputId} className="block text-sm font-medium text-fg">
        {label}
      </label>
      {control({ id: inputId, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && !error && (
        <p id={`${inputId}-hint`} className="text-xs text-fg-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} className="text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input whose error and hint are tied to it for screen readers. */
export function TextField({ label, error, hint, id, ...input }: FieldShell & ComponentProps<'input'>) {
  return (
    <Field
      label={label}
      error={error}
      hint={hint}
      id={id}
      control={(tie) => <input {...tie} className={inputClass} {...input} />}
    />
  );
}

export function TextAreaField({ label, error, hint, id, ...input }: FieldShell & ComponentProps<'textarea'>) {
  return (
    <Field
      label={label}
      error={error}
      hint={hint}
      id={id}
      control={(tie) => <textarea {...tie} className={inputClass} {...input} />}
    />
  );
}

export const selectClass =
  'tap block rounded-xl border border-border-strong bg-surface px-3 py-2 text-sm text-fg shadow-sm focus:border-accent';
export const inputClassName = inputClass;
