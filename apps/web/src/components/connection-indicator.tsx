import type { ConnectionState } from '../realtime/realtime-client';
import { useRealtime } from '../realtime/realtime-provider';

const look: Record<ConnectionState, { dot: string; label: string; text: string }> = {
  live: { dot: 'bg-emerald-500', label: 'Live', text: 'Live updates are on' },
  connecting: {
    dot: 'bg-amber-400 motion-safe:animate-pulse',
    label: 'Connecting',
    text: 'Connecting to live updates',
  },
  reconnecting: {
    dot: 'bg-amber-500 motion-safe:animate-pulse',
    label: 'Reconnecting',
    text: 'Connection lost: reconnecting, nothing will be missed',
  },
  idle: { dot: 'bg-slate-400', label: 'Offline', text: 'Live updates are off' },
};

/** The state of the live connection, always visible, announced politely to screen readers. */
export function ConnectionIndicator({
  tone = 'default',
  compact = false,
}: {
  tone?: 'default' | 'chrome';
  compact?: boolean;
}) {
  const { connection } = useRealtime();
  const { dot, label, text } = look[connection];
  return (
    <output
      aria-live="polite"
      title={text}
      data-connection={connection}
      className={`inline-flex items-center gap-1.5 rounded-full py-1 text-xs font-medium ${compact ? 'px-2 sm:px-2.5' : 'px-2.5'} ${
        tone === 'chrome' ? 'bg-chrome-raised text-chrome-fg' : 'bg-surface-muted text-fg'
      }`}
    >
      <span className={`size-2 rounded-full ${dot}`} aria-hidden="true" />
      <span className={compact ? 'hidden sm:inline' : undefined}>{label}</span>
      <span className="sr-only">: {text}</span>
    </output>
  );
}
