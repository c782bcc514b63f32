import { useCallback, useState } from 'react';
import { Button } from '../components/ui';

/** Cursor pages, walked both ways: the cursors seen so far are kept so Back needs no offset. */
export function useCursorPages() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const cursor = stack[stack.length - 1];
  const next = useCallback((nextCursor: string) => setStack((s) => [...s, nextCursor]), []);
  const back = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor, page: stack.length, next, back, reset };
}

export function Pager({
  page,
  nextCursor,
  onNext,
  onBack,
  busy,
}: {
  page: number;
  nextCursor: string | null;
  onNext: (cursor: string) => void;
  onBack: () => void;
  busy?: boolean;
}) {
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3 pt-3 text-sm">
      <Button variant="secondary" size="sm" onClick={onBack} disabled={page <= 1 || busy}>
        ← Previous
      </Button>
      <span className="text-slate-500">Page {page}</span>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => nextCursor && onNext(nextCursor)}
        disabled={!nextCursor || busy}
      >
        Next →
      </Button>
    </nav>
  );
}
