/** Hand-drawn SVG charts: a few hundred bytes instead of a charting library. Each also reads as text. */

export function BarChart({
  points,
  label,
  height = 160,
}: {
  points: { key: string; label: string; value: number }[];
  label: string;
  height?: number;
}) {
  const width = 600;
  const max = Math.max(1, ...points.map((p) => p.value));
  const gap = 2;
  const barWidth = points.length > 0 ? width / points.length - gap : 0;
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const last = points[points.length - 1];
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height + 18}`}
        className="h-auto w-full"
        role="img"
        aria-label={`${label}: ${total} in total, ${last ? `${last.value} in the latest minute` : 'no data'}, peak ${max}`}
      >
        {[0.25, 0.5, 0.75, 1].map((f) => (
          <line
            key={f}
            x1="0"
            x2={width}
            y1={height - height * f}
            y2={height - height * f}
            className="stroke-border"
            strokeDasharray="3 4"
          />
        ))}
        {points.map((p, i) => {
          const h = (p.value / max) * (height - 4);
          return (
            <rect
              key={p.key}
              x={i * (barWidth + gap)}
              y={height - h}
              width={Math.max(barWidth, 1)}
              height={Math.max(h, p.value > 0 ? 2 : 0)}
              rx="2"
              fill={i === points.length - 1 ? '#059669' : '#34d399'}
            >
              <title>{`${p.label}: ${p.value}`}</title>
            </rect>
          );
        })}
        <text x="0" y={height + 14} fontSize="11" className="fill-fg-muted">
          {points[0]?.label}
        </text>
        <text x={width} y={height + 14} fontSize="11" className="fill-fg-muted" textAnchor="end">
          {last?.label}
        </text>
        <text x="4" y="12" fontSize="11" className="fill-fg-muted">
          {max}
        </text>
      </svg>
    </figure>
  );
}

export function HorizontalBars({ rows }: { rows: { key: string; label: string; value: number; color: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <ul className="space-y-2">
      {rows.map((row) => (
        <li key={row.key} className="grid grid-cols-[7.5rem_1fr_2.5rem] items-center gap-2 text-sm">
          <span className="truncate text-fg-muted">{row.label}</span>
          <span className="h-3 overflow-hidden rounded-full bg-surface-muted" aria-hidden="true">
            <span
              className="block h-full rounded-full motion-safe:transition-[width] motion-safe:duration-500"
              style={{ width: `${(row.value / max) * 100}%`, background: row.color }}
            />
          </span>
          <span className="text-right font-semibold tabular-nums">{row.value}</span>
        </li>
      ))}
    </ul>
  );
}

export function Donut({ parts, center }: { parts: { label: string; value: number; color: string }[]; center: string }) {
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const radius = 42;
  const circumference = 2 * Math.PI * radius;
  let offset = 0;
  return (
    <svg
      viewBox="0 0 120 120"
      className="size-36"
      role="img"
      aria-label={parts.map((p) => `${p.label}: ${p.value}`).join(', ')}
    >
      <circle cx="60" cy="60" r={radius} fill="none" className="stroke-surface-sunken" strokeWidth="16" />
      {total > 0 &&
        parts.map((p) => {
          const length = (p.value / total) * circumference;
          const dash = (
            <circle
              key={p.label}
              cx="60"
              cy="60"
              r={radius}
              fill="none"
              stroke={p.color}
              strokeWidth="16"
              strokeDasharray={`${length} ${circumference - length}`}
              strokeDashoffset={-offset}
              transform="rotate(-90 60 60)"
            />
          );
          offset += length;
          return dash;
        })}
      <text x="60" y="58" textAnchor="middle" fontSize="22" fontWeight="800" className="fill-fg">
        {center}
      </text>
      <text x="60" y="76" textAnchor="middle" fontSize="10" className="fill-fg-muted">
        online
      </text>
    </svg>
  );
}

/** Median and p90 on one scale, so the spread reads at a glance. */
export function DurationBar({ median, p90 }: { median: number | null; p90: number | null }) {
  const max = Math.max(60, (p90 ?? 0) * 1.15, (median ?? 0) * 1.3);
  const at = (v: number) => `${(v / max) * 100}%`;
  return (
    <div
      className="relative mt-6 mb-2 h-3 rounded-full bg-gradient-to-r from-emerald-100 via-amber-100 to-rose-100 dark:from-emerald-400/25 dark:via-amber-400/25 dark:to-rose-400/25"
      aria-hidden="true"
    >
      {median !== null && (
        <span className="absolute -top-1.5 h-6 w-1 rounded bg-emerald-600" style={{ left: at(median) }} />
      )}
      {p90 !== null && <span className="absolute -top-1.5 h-6 w-1 rounded bg-rose-500" style={{ left: at(p90) }} />}
    </div>
  );
}
