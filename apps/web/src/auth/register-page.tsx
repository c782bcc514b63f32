import { emailSchema, passwordSchema, personNameSchema } from '@swyft/contract';
import { Bike, ShoppingBasket } from 'lucide-react';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { checkField, describeError, fieldErrors } from '../api/describe-error';
import { TextField } from '../components/field';
import { useDocumentTitle } from '../components/page-chrome';
import { Button } from '../components/ui';
import { useSession } from '../session/session-provider';
import { AuthShell } from './auth-shell';

type Field = 'name' | 'email' | 'password';
type Errors = Partial<Record<Field | 'form', string>>;

/** The same rules as the server (the contract's schemas), checked before the request. */
function validate(input: Record<Field, string>): Errors {
  const errors: Errors = {};
  const name = checkField('name', personNameSchema, input.name);
  const email = checkField('email', emailSchema, input.email.trim());
  const password = checkField('password', passwordSchema, input.password);
  if (name) errors.name = name;
  if (email) errors.email = email;
  if (password) errors.password = password;
  return errors;
}

/** Loaded on its own (React.lazy): it is the one screen that validates with the contract's zod schemas. */
export default function RegisterPage() {
  useDocumentTitle('Create your account');
  const { register } = useSession();
  const [input, setInput] = useState<Record<Field, string>>({ name: '', email: '', password: '' });
  const [role, setRole] = useState<'customer' | 'partner'>('customer');
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const refs = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const set = (field: Field) => (event: { target: { value: string } }) =>
    setInput((current) => ({ ...current, [field]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(input);
    setErrors(found);
    const first = (['name', 'email', 'password'] as const).find((f) => found[f]);
    if (first) return refs[first].current?.focus();
    setPending(true);
    try {
      const user = await register({
        name: input.name.trim(),
        email: input.email.trim(),
        password: input.password,
        role,
      });
      toast.success(`Welcome to Swyft, ${user.name.split(' ')[0]}!`);
    } catch (error) {
      const fields = fieldErrors(error);
      const next: Errors = {
        name: fields.name,
        email:
          error instanceof ApiError && error.code === 'email_taken'
            ? 'An account with this email already exists'
            : fields.email,
        password: fields.password,
      };
      if (!next.name && !next.email && !next.password) next.form = describeError(error);
      // One message per error: beside its field, or above the button; no toast repeating it.
      setErrors(next);
      const first = (['name', 'email', 'password'] as const).find((f) => next[f]);
      if (first) refs[first].current?.focus();
      setPending(false);
    }
  }

  return (
    <AuthShell title="Create your account" subtitle="Order in seconds, or deliver with Swyft.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <fieldset>
          <legend className="mb-1.5 block text-sm font-medium text-fg">I want to</legend>
          <div className="grid grid-cols-2 gap-2">
            {(
              [
                ['customer', ShoppingBasket, 'Order groceries'],
                ['partner', Bike, 'Deliver orders'],
              ] as const
            ).map(([value, Icon, text]) => (
              <label
                key={value}
                className="flex min-h-12 cursor-pointer items-center gap-2 rounded-xl border border-border-strong px-3 py-3 text-sm font-medium text-fg has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:checked]:text-accent-soft-fg has-[:checked]:ring-1 has-[:checked]:ring-accent has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-(--focus-ring)"
              >
                <input
                  type="radio"
                  name="role"
                  value={value}
                  checked={role === value}
                  onChange={() => setRole(value)}
                  className="sr-only"
                />
                <Icon aria-hidden="true" className="size-5 shrink-0" /> {text}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          ref={refs.name}
          label="Name"
          name="name"
          autoComplete="name"
          value={input.name}
          onChange={set('name')}
          error={errors.name}
          required
        />
        <TextField
          ref={refs.email}
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          value={input.email}
          onChange={set('email')}
          error={errors.email}
          required
        />
        <TextField
          ref={refs.password}
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          value={input.password}
          onChange={set('password')}
          error={errors.password}
          hint="At least 8 characters"
          required
        />
        {errors.form && (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger-soft-fg">
            {errors.form}
          </p>
        )}
        <Button type="submit" size="lg" className="w-full" pending={pending}>
          Create account
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-fg-muted">
        Already have an account?{' '}
        <Link to="/login" className="font-semibold text-accent-text underline underline-offset-2">
          Sign in
        </Link>
      </p>
    </AuthShell>
  );
}
