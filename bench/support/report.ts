// The suite's summary: a markdown table of every figure beside its ceiling or target, and an SVG bar chart
// of the same (hand-written SVG, no dependencies).

export interface Figure {
  /** The issue's figure it belongs to, e.g. "1. Order placement". */
  group: string;
  name: string;
  measured: number | null;
  unit: string;
  /** The ceiling measured in the same run, or the target. */
  reference: number | null;
  referenceLabel: string;
  better: 'higher' | 'lower';
  /** The issue's target for this figure, if it has one, and whether it was met. */
  target?: { text: string; met: boolean | null };
  note?: string;
}

const number = (value: number | null, unit = '') => {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  const text = Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 10) / 10);
  return unit ? `${text} ${unit}` : text;
};

export function ratioText(figure: Figure): string {
  if (figure.measured === null || !figure.reference) return '';
  const percent = (100 * figure.measured) / figure.reference;
  // 19,950 of 20,000 is not 100 %.
  const digits = Math.round(percent) === 100 && figure.measured !== figure.reference ? 1 : 0;
  return `${percent.toFixed(digits)} %`;
}

function verdict(figure: Figure): string {
  if (!figure.target) return '';
  if (figure.target.met === null) return `${figure.target.text}: n/a`;
  return `${figure.target.text}: ${figure.target.met ? 'met' : '**missed**'}`;
}

export function markdownTable(figures: Figure[]): string {
  const lines = [
    '| Figure | Measured | Ceiling / reference (same run) | Ours ÷ ref | Target |',
    '|---|---:|---:|---:|---|',
  ];
  let group = '';
  for (const figure of figures) {
    if (figure.group !== group) {
      group = figure.group;
      lines.push(`| **${group}** | | | | |`);
    }
    const name = figure.note ? `${figure.name} (${figure.note})` : figure.name;
    lines.push(
      `| ${name} | ${number(figure.measured, figure.unit)} | ${figure.referenceLabel}: ${number(figure.reference, figure.unit)} | ${ratioText(figure)} | ${verdict(figure)} |`,
    );
  }
  return lines.join('\n');
}

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * One row per figure: our bar and the reference bar, on the row's own scale (units differ between rows).
 * Our bar is green when its target is met, red when missed, blue without a target.
 */
export function svgChart(figures: Figure[], title: string): string {
  const width = 960;
  const labelWidth = 330;
  const barsWidth = width - labelWidth - 200;
  const rowHeight = 46;
  const groupGap = 26;
  const top = 56;
  const groups = new Set(figures.map((f) => f.group)).size;
  const height = top + figures.length * rowHeight + groups * groupGap + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="600" fill="#111827">${xml(title)}</text>`,
    `<rect x="16" y="34" width="12" height="10" fill="#16a34a"/><text x="32" y="43" fill="#374151">ours, target met</text>`,
    `<rect x="150" y="34" width="12" height="10" fill="#dc2626"/><text x="166" y="43" fill="#374151">ours, target missed</text>`,
    `<rect x="300" y="34" width="12" height="10" fill="#2563eb"/><text x="316" y="43" fill="#374151">ours, no target</text>`,
    `<rect x="430" y="34" width="12" height="10" fill="#9ca3af"/><text x="446" y="43" fill="#374151">ceiling measured in the same run, or target</text>`,
  ];
  let y = top;
  let group = '';
  for (const figure of figures) {
    if (figure.group !== group) {
      group = figure.group;
      y += groupGap;
      parts.push(`<text x="16" y="${y - 8}" font-size="13" font-weight="600" fill="#111827">${xml(group)}</text>`);
      parts.push(`<line x1="16" x2="${width - 16}" y1="${y - 4}" y2="${y - 4}" stroke="#e5e7eb"/>`);
    }
    const scale = Math.max(figure.measured ?? 0, figure.reference ?? 0) || 1;
    const barWidth = (value: number | null) => Math.max(1, ((value ?? 0) / scale) * barsWidth);
    const color = !figure.target || figure.target.met === null ? '#2563eb' : figure.target.met ? '#16a34a' : '#dc2626';
    const better = figure.better === 'lower' ? ' (lower is better)' : '';
    parts.push(`<text x="16" y="${y + 15}" fill="#111827">${xml(figure.name)}</text>`);
    parts.push(`<text x="16" y="${y + 31}" fill="#6b7280" font-size="11">${xml(`${figure.unit}${better}`)}</text>`);
    parts.push(
      `<rect x="${labelWidth}" y="${y + 4}" width="${barWidth(figure.measured).toFixed(1)}" height="15" fill="${color}"/>`,
    );
    parts.push(
      `<text x="${labelWidth + barWidth(figure.measured) + 6}" y="${y + 16}" fill="#111827">${xml(`${number(figure.measured)} ${ratioText(figure) ? `(${ratioText(figure)})` : ''}`)}</text>`,
    );
    parts.push(
      `<rect x="${labelWidth}" y="${y + 22}" width="${barWidth(figure.reference).toFixed(1)}" height="15" fill="#9ca3af"/>`,
    );
    parts.push(
      `<text x="${labelWidth + barWidth(figure.reference) + 6}" y="${y + 34}" fill="#4b5563">${xml(`${figure.referenceLabel} ${number(figure.reference)}`)}</text>`,
    );
    y += rowHeight;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
