import { useEffect } from 'react';

/** The first thing a keyboard user reaches: jumps past the header to the page itself. */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="panel sr-only z-50 rounded-lg px-4 py-2 font-semibold text-accent-text shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      Skip to content
    </a>
  );
}

/** The tab's title, so a screen reader announces where a navigation landed. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Swyft` : 'Swyft';
  }, [title]);
}
