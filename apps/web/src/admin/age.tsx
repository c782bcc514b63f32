import { formatDateTime } from '../components/format';
import { useNow } from '../lib/use-now';

/** How often the admin's ages ("placed 6 min ago") tick. */
export const AGE_TICK_MS = 15_000;

/** "6 min ago", "2 h 5 min ago": an age that keeps counting, never "just now" forever. */
export function ageText(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** A ticking age inside a <time>, with the exact time as its tooltip. */
export function Age({ since, prefix = '', className }: { since: string; prefix?: string; className?: string }) {
  const now = useNow(AGE_TICK_MS);
  return (
    <time dateTime={since} title={formatDateTime(since)} className={className}>
      {prefix}
      {ageText(since, now)}
    </time>
  );
}
