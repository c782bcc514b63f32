import { type ComponentProps, type ReactNode, useId } from 'react';

const inputClass =
  'block w-full rounded-xl border border-slate-300 bg-white px-3.5 py-2.5 text-base text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-emerald-600 focus:outline-none focus:ring-2 focus:ring-emerald-600/30 aria-[invalid=true]:border-rose-500 aria-[invalid=true]:ring-rose-500/20 disabled:bg-slate-100';

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
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {control({ id: inputId, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && !error && (
        <p id={`${inputId}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} className="text-sm text-rose-700">
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
  'block rounded-xl border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-emerald-600 focus:outline-none focus:ring-2 focus:ring-emerald-600/30';
export const inputClassName = inputClass;
