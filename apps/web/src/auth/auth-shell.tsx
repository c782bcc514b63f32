import type { ReactNode } from 'react';
import { Logo } from '../components/brand';

/** The frame of the sign-in and sign-up screens: brand on top, one card, readable at 360 px. */
export function AuthShell({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <div className="relative min-h-dvh bg-canvas">
      <div className="brand absolute inset-x-0 top-0 h-80" aria-hidden="true" />
      <main className="relative mx-auto flex max-w-md flex-col px-4 pt-10 pb-12">
        <div className="mb-6 text-brand-fg">
          <Logo tone="inherit" />
          <p className="mt-3 text-3xl font-extrabold leading-tight">Groceries at your door in minutes.</p>
        </div>
        <div className="rounded-3xl border border-border bg-surface p-6 shadow-xl shadow-emerald-950/10">
          <h1 className="text-xl font-bold text-fg">{title}</h1>
          <p className="mt-1 mb-5 text-sm text-fg-muted">{subtitle}</p>
          {children}
        </div>
      </main>
    </div>
  );
}
