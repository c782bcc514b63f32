import { ChevronDown } from 'lucide-react';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { describeError } from '../api/describe-error';
import { TextField } from '../components/field';
import { useDocumentTitle } from '../components/page-chrome';
import { Button } from '../components/ui';
import { useSession } from '../session/session-provider';
import { AuthShell } from './auth-shell';

const demoAccounts = [
  { label: 'Customer', email: 'customer@swyft.local' },
  { label: 'Partner', email: 'partner@swyft.local' },
  { label: 'Admin', email: 'admin@swyft.local' },
];

export function LoginPage() {
  useDocumentTitle('Sign in');
  const { login, state } = useSession();
  const notice = state.status === 'anonymous' ? state.notice : null;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; form?: string }>({});
  const [pending, setPending] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = {
      ...(email.trim() ? {} : { email: 'Enter your email address' }),
      ...(password ? {} : { password: 'Enter your password' }),
    };
    setErrors(found);
    if (found.email) return emailRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();
    setPending(true);
    try {
      const user = await login(email.trim(), password);
      toast.success(`Welcome back, ${user.name.split(' ')[0]}!`);
    } catch (error) {
      const message =
        error instanceof ApiError && error.status === 401 ? 'Wrong email or password.' : describeError(error);
      setErrors({ form: message });
      setPending(false);
    }
  }

  return (
    <AuthShell title="Sign in" subtitle="Welcome back. Your basket is waiting.">
      {notice && (
        <div
          role="alert"
          className="mb-4 rounded-xl bg-warning-soft px-4 py-3 text-sm text-warning-soft-fg ring-1 ring-warning-border"
        >
          {notice}
        </div>
      )}
      <form
        onSubmit={submit}
        noValidate
        className="space-y-4"
        aria-describedby={errors.form ? 'login-error' : undefined}
      >
        <TextField
          ref={emailRef}
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          required
        />
        <TextField
          ref={passwordRef}
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        {errors.form && (
          <p id="login-error" role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger-soft-fg">
            {errors.form}
          </p>
        )}
        <Button type="submit" size="lg" className="w-full" pending={pending}>
          Sign in
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-fg-muted">
        New to Swyft?{' '}
        <Link to="/register" className="font-semibold text-accent-text underline underline-offset-2">
          Create an account
        </Link>
      </p>
      <details className="group mt-5 rounded-xl bg-surface-muted px-4 py-1 text-sm text-fg-muted">
        <summary className="tap flex cursor-pointer list-none items-center justify-between py-2 font-medium text-fg [&::-webkit-details-marker]:hidden">
          Demo accounts
          <ChevronDown aria-hidden="true" className="size-4 transition-transform group-open:rotate-180" />
        </summary>
        <p className="mt-2">
          With the server's demo data, password <code>swyft-demo</code>:
        </p>
        <div className="mt-2 mb-3 flex flex-wrap gap-2">
          {demoAccounts.map((account) => (
            <Button
              key={account.email}
              size="sm"
              variant="secondary"
              onClick={() => {
                setEmail(account.email);
                setPassword('swyft-demo');
              }}
            >
              {account.label}
            </Button>
          ))}
        </div>
      </details>
    </AuthShell>
  );
}
