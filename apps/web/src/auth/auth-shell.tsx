import type { ReactNode } from 'react';
import { Logo } from '../components/brand';

/** The frame of the sign-in and sign-up screens: brand on top, one card, readable at 360 px. */
export function AuthShell({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <div className="min-h-dvh bg-gradient-to-b from-emerald-600 via-emerald-600 to-slate-50 to-60%">
      <main className="mx-auto flex max-w-md flex-col px-4 pt-10 pb-12">
        <div className="mb-6 text-white">
          <Logo tone="light" />
          <p className="mt-3 text-3xl font-extrabold leading-tight">Groceries at your door in minutes.</p>
        </div>
        <div className="rounded-3xl bg-white p-6 shadow-xl shadow-emerald-900/10 ring-1 ring-slate-200">
          <h1 className="text-xl font-bold text-slate-900">{title}</h1>
          <p className="mt-1 mb-5 text-sm text-slate-600">{subtitle}</p>
          {children}
        </div>
      </main>
    </div>
  );
}
