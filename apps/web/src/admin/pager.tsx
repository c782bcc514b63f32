import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Button, Spinner } from '../components/ui';

/** Cursor pages, walked both ways: the cursors seen so far are kept so Back needs no offset. */
export function useCursorPages() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const cursor = stack[stack.length - 1];
  const next = useCallback((nextCursor: string) => setStack((s) => [...s, nextCursor]), []);
  const back = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor, page: stack.length, next, back, reset };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** Text typed into a search box, applied 250 ms after the last keystroke, from the first page again. */
export function useSearchText(pages: CursorPages) {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const { reset } = pages;
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      reset();
    }, 250);
    return () => clearTimeout(timer);
  }, [search, reset]);
  return { search, setSearch, q };
}

/** The pager under a list card, with a spinner while the next page loads. */
export function PagerFooter({
  pages,
  nextCursor,
  busy,
}: {
  pages: CursorPages;
  nextCursor: string | null;
  busy: boolean;
}) {
  return (
    <div className="flex items-center gap-2 border-t border-border px-4 pb-3">
      <div className="flex-1">
        <Pager page={pages.page} nextCursor={nextCursor} onNext={pages.next} onBack={pages.back} busy={busy} />
      </div>
      {busy && <Spinner className="mt-3 size-4 text-fg-muted" label="Loading" />}
    </div>
  );
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
        <ChevronLeft aria-hidden="true" className="size-4" />
        Previous
      </Button>
      <span className="text-fg-muted">Page {page}</span>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => nextCursor && onNext(nextCursor)}
        disabled={!nextCursor || busy}
      >
        Next
        <ChevronRight aria-hidden="true" className="size-4" />
      </Button>
    </nav>
  );
}
