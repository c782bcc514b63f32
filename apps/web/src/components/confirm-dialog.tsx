import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { Button } from './ui';

/**
 * Asks before something that cannot be undone (revoking a key, deleting a webhook): a modal dialog with the
 * focus inside on Cancel, Escape cancels, and the browser puts the focus back on the button that opened it.
 * `onConfirm` does the work; if it throws, the dialog stays open and says why in a toast.
 */
export function ConfirmDialog({
  title,
  description,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  /** `done` is true when `onConfirm` succeeded, false when cancelled. */
  onClose: (done: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  const done = useRef(false);
  const id = useId();

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function confirm() {
    setPending(true);
    try {
      await onConfirm();
      done.current = true;
      dialog.current?.close();
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-description`}
      onClose={() => onClose(done.current)}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl bg-surface p-5 text-fg shadow-2xl backdrop:bg-slate-950/60"
    >
      <h2 id={`${id}-title`} className="text-lg font-bold [overflow-wrap:anywhere]">
        {title}
      </h2>
      <p id={`${id}-description`} className="mt-2 text-sm text-fg-muted">
        {description}
      </p>
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="secondary" onClick={() => dialog.current?.close()} autoFocus>
          Cancel
        </Button>
        <Button variant="danger" pending={pending} onClick={confirm}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
