const CURRENCY = 'EUR';
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: CURRENCY });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Money is integer cents everywhere; this is the only place it becomes text. */
export function formatMoney(cents: number): string {
  return money.format(cents / 100);
}

export function formatClock(iso: string): string {
  return clock.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return formatDateTime(iso);
}

/** The short id people read out on the phone: the first 8 characters, which the admin search finds (API.md). */
export function shortId(id: string): string {
  return `#${id.slice(0, 8).toUpperCase()}`;
}

/** Ids for Idempotency-Key: crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function firstGrapheme(word: string): string {
  for (const { segment } of graphemes.segment(word)) return segment;
  return '';
}

/**
 * Up to two initials for an avatar, whole characters as people see them (graphemes: "Zoë" with a combining
 * diaeresis, "Ǆ", flags), from the words that start with a letter or digit: "🍕 Zoë" → "Z", never half an
 * emoji ("�") and never an emoji, which needs a font many machines lack. "?" when no word qualifies.
 */
export function initialsOf(name: string): string {
  const letters = name
    .normalize('NFC')
    .split(/\s+/)
    .map(firstGrapheme)
    .filter((g) => /^[\p{L}\p{N}]/u.test(g));
  return letters.slice(0, 2).join('').toLocaleUpperCase() || '?';
}

/** The first word of a name, to greet with ("Welcome back, Zoë!"). */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
