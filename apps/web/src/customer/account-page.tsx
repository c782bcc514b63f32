import { Bookmark, ChevronRight } from 'lucide-react';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { describeError, fieldErrors, fieldMessage } from '../api/describe-error';
import { api } from '../api/swyft-api';
import { TextField } from '../components/field';
import { useDocumentTitle } from '../components/page-chrome';
import { Button, Card } from '../components/ui';
import { useSession, useUser } from '../session/session-provider';

const MAX_NAME = 100;
const MIN_PASSWORD = 8;

/** The customer's account: their name, their password, their saved addresses, and closing the account. */
export function AccountPage() {
  useDocumentTitle('Your account');
  const user = useUser();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-fg">Your account</h1>
      <p className="text-sm text-fg-muted">
        Signed in as <strong className="text-fg">{user.email}</strong>
      </p>
      <NameCard />
      <PasswordCard />
      <Link
        to="/addresses"
        className="tap flex items-center gap-3 rounded-2xl border border-border bg-surface p-4 font-semibold text-fg shadow-sm hover:border-accent"
      >
        <Bookmark aria-hidden="true" className="size-5 text-accent-text" />
        <span className="flex-1">Saved addresses</span>
        <ChevronRight aria-hidden="true" className="size-5 text-fg-muted" />
      </Link>
      <CloseAccountCard />
    </div>
  );
}

function NameCard() {
  const user = useUser();
  const { updateUser } = useSession();
  const [name, setName] = useState(user.name);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    const local = !trimmed
      ? fieldMessage('name', 'Too small: expected string to have >=1 characters')
      : trimmed.length > MAX_NAME
        ? fieldMessage('name', `Too big: expected string to have <=${MAX_NAME} characters`)
        : undefined;
    setError(local);
    if (local) return input.current?.focus();
    setPending(true);
    try {
      const { user: updated } = await api.me.update({ name: trimmed });
      updateUser(updated);
      toast.success('Your name is saved');
    } catch (failure) {
      setError(fieldErrors(failure).name ?? describeError(failure));
      input.current?.focus();
    } finally {
      setPending(false);
    }
  }

  return (
    <Card className="p-4">
      <form onSubmit={save} noValidate className="space-y-3" aria-labelledby="name-title">
        <h2 id="name-title" className="font-semibold text-fg">
          Your name
        </h2>
        <TextField
          ref={input}
          label="Name"
          name="name"
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={error}
        />
        <Button type="submit" variant="secondary" pending={pending} disabled={name.trim() === user.name}>
          Save name
        </Button>
      </form>
    </Card>
  );
}

function PasswordCard() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; form?: string }>({});
  const [pending, setPending] = useState(false);
  const currentRef = useRef<HTMLInputElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    const found = {
      current: current ? undefined : fieldMessage('currentPassword', 'Too small: >=1'),
      next:
        next.length < MIN_PASSWORD
          ? fieldMessage('password', `Too small: expected string to have >=${MIN_PASSWORD} characters`)
          : undefined,
    };
    setErrors(found);
    if (found.current) return currentRef.current?.focus();
    if (found.next) return nextRef.current?.focus();
    setPending(true);
    try {
      await api.me.update({ password: next, currentPassword: current });
      setCurrent('');
      setNext('');
      setErrors({});
      toast.success('Password changed. Your other devices are signed out.');
    } catch (failure) {
      const fields = fieldErrors(failure);
      const found = { current: fields.currentPassword, next: fields.password };
      setErrors(found.current || found.next ? found : { form: describeError(failure) });
      if (found.current) currentRef.current?.focus();
      else if (found.next) nextRef.current?.focus();
    } finally {
      setPending(false);
    }
  }

  return (
    <Card className="p-4">
      <form onSubmit={save} noValidate className="space-y-3" aria-labelledby="password-title">
        <h2 id="password-title" className="font-semibold text-fg">
          Change your password
        </h2>
        {/* Lets password managers tie the new password to the account. */}
        <input type="text" name="username" autoComplete="username" hidden readOnly value="" />
        <TextField
          ref={currentRef}
          label="Current password"
          type="password"
          name="current-password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.current}
        />
        <TextField
          ref={nextRef}
          label="New password"
          type="password"
          name="new-password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errors.next}
          hint="At least 8 characters"
        />
        {errors.form && (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger-soft-fg">
            {errors.form}
          </p>
        )}
        <Button type="submit" variant="secondary" pending={pending}>
          Change password
        </Button>
      </form>
    </Card>
  );
}

function CloseAccountCard() {
  const { closeAccount } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function close() {
    setPending(true);
    setError(undefined);
    try {
      await closeAccount();
    } catch (failure) {
      setError(describeError(failure));
      setPending(false);
    }
  }

  return (
    <Card className="space-y-3 p-4">
      <h2 className="font-semibold text-fg">Close your account</h2>
      <p className="text-sm text-fg-muted">
        You will be signed out and will not be able to sign in again. Your past orders are kept for our records.
      </p>
      <Button variant="danger" onClick={() => dialog.current?.showModal()}>
        Close account…
      </Button>
      <dialog
        ref={dialog}
        role="alertdialog"
        aria-labelledby="close-title"
        aria-describedby="close-description"
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl bg-surface p-5 text-fg shadow-2xl backdrop:bg-slate-950/60"
      >
        <h2 id="close-title" className="text-lg font-bold">
          Close your account?
        </h2>
        <p id="close-description" className="mt-2 text-sm text-fg-muted">
          This cannot be undone. You will be signed out on every device.
        </p>
        {error && (
          <p role="alert" className="mt-3 rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger-soft-fg">
            {error}
          </p>
        )}
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={() => dialog.current?.close()} autoFocus>
            Keep my account
          </Button>
          <Button variant="danger" pending={pending} onClick={close}>
            Yes, close my account
          </Button>
        </div>
      </dialog>
    </Card>
  );
}
