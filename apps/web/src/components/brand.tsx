import { Zap } from 'lucide-react';

/** The wordmark; on chrome or brand panels it takes their text colour (`tone="inherit"`). */
export function Logo({ tone = 'default' }: { tone?: 'default' | 'inherit' }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 text-xl font-black tracking-tight ${tone === 'inherit' ? '' : 'text-fg'}`}
    >
      <span
        className="grid size-7 place-items-center rounded-lg bg-emerald-500 text-white shadow-sm"
        aria-hidden="true"
      >
        <Zap className="size-4" fill="currentColor" strokeWidth={1.5} />
      </span>
      swyft
    </span>
  );
}

export function FullScreenMessage({ children }: { children: React.ReactNode }) {
  return <div className="grid min-h-dvh place-items-center bg-canvas p-6 text-center text-fg">{children}</div>;
}
