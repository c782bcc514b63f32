import { Check, Copy } from 'lucide-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useAnnounce } from './live-announcer';
import { Button, Card } from './ui';

/** A secret the server shows only in the answer that created it (an API key's, a webhook's). */
export interface ShownSecret {
  /** The panel's heading, e.g. “Copy the secret of “Till” now”. */
  title: string;
  /** Said by screen readers when the panel appears. */
  announcement: string;
  secret: string;
}

/**
 * The secret of something just created, shown this once. Its heading takes the focus and the live region says
 * what to do, so a screen-reader user hears it; nothing keeps the secret once the panel is closed.
 */
export function SecretOnce({
  shown,
  note,
  onDone,
}: {
  shown: ShownSecret | null;
  /** Why to copy it now, and what to do if it is lost. */
  note: ReactNode;
  onDone: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const announce = useAnnounce();
  const [copied, setCopied] = useState(false);

  // Once per secret: the caller may build `shown` afresh on every render.
  const secret = shown?.secret;
  const announcement = useRef('');
  announcement.current = shown?.announcement ?? '';
  useEffect(() => {
    if (!secret) return;
    setCopied(false);
    heading.current?.focus();
    announce(announcement.current);
  }, [secret, announce]);

  async function copy() {
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(shown.secret);
      setCopied(true);
      announce('Secret copied');
    } catch {
      toast.error('Could not copy; select the secret and copy it by hand');
    }
  }

  return (
    <div>
      {shown && (
        <Card className="space-y-3 border-accent p-4">
          <h2 ref={heading} tabIndex={-1} className="text-base font-bold [overflow-wrap:anywhere] text-fg">
            {shown.title}
          </h2>
          <p className="text-sm text-fg-muted">{note}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="w-full min-w-0 rounded-lg bg-surface-muted px-3 py-2 font-mono text-sm break-all text-fg select-all sm:w-auto sm:flex-1">
              {shown.secret}
            </code>
            <Button variant="secondary" onClick={copy}>
              {copied ? (
                <Check aria-hidden="true" className="size-4" />
              ) : (
                <Copy aria-hidden="true" className="size-4" />
              )}
              {copied ? 'Copied' : 'Copy secret'}
            </Button>
          </div>
          <Button variant="ghost" size="sm" onClick={onDone}>
            I have stored it
          </Button>
        </Card>
      )}
    </div>
  );
}
