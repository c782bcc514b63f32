export function Logo({ tone = 'dark' }: { tone?: 'dark' | 'light' }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 text-xl font-black tracking-tight ${tone === 'light' ? 'text-white' : 'text-slate-900'}`}
    >
      <span
        className="grid size-7 place-items-center rounded-lg bg-emerald-500 text-base text-white shadow-sm"
        aria-hidden="true"
      >
        ⚡
      </span>
      swyft
    </span>
  );
}

export function FullScreenMessage({ children }: { children: React.ReactNode }) {
  return <div className="grid min-h-dvh place-items-center bg-slate-50 p-6 text-center">{children}</div>;
}
