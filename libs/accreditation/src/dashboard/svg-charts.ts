/**
 * Small server-side SVG charts: markup strings a page embeds as they are, so no chart library
 * runs in the browser. Each chart is an image to assistive technology (`role="img"`) named by
 * its `<title>` (`aria-labelledby`) and described by its `<desc>` (`aria-describedby`: the key
 * numbers in words); the page puts every number in a table beside it. Colours are presentation attributes, never `style=`, which the Content-Security-Policy
 * refuses; they are the site palette's (app.css), with text at AA contrast on white.
 */

/** The site palette, from apps/api/public/app.css. */
export const CHART_COLOURS = {
  ink: '#1b2430',
  muted: '#4f5b66',
  line: '#d5dcdb',
  brand: '#0b5e55',
  /** Funnel stages, darkest first: each step lighter, every one at least 3:1 against white. */
  stages: ['#08473f', '#0b5e55', '#2a7a70', '#3f8a80'],
} as const;

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif';

export interface ChartDatum {
  label: string;
  value: number;
  /** What to print for the value (default: the number); e.g. "85%". */
  valueLabel?: string;
  /** Bar charts: rows of one group follow a heading with its name (e.g. the course). */
  group?: string;
  /** Column charts: a second line under the label (e.g. the year under January). */
  note?: string;
}

/**
 * Every chart's drawing width. Pages scale the drawing to their column, from a phone's (text
 * about 9px) to a desktop's (about 17px); the table beside it has every number at full size.
 */
const WIDTH = 480;

interface ChartText {
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string;
  title: string;
  description: string;
}

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

function checkedId(id: string): string {
  if (!/^[a-z][a-z0-9-]{0,60}$/.test(id)) {
    throw new Error(`Chart id ${JSON.stringify(id)} must be lower-case letters, digits and dashes`);
  }
  return id;
}

/** Rounds to 2 decimals, so markup stays short and stable. */
const n = (value: number): string => String(Math.round(value * 100) / 100);

/**
 * A round axis maximum at or above `max` that wastes little height: 1, 1.5, 2, 2.5, 3, 4, 5, 6
 * or 8 times a power of ten.
 */
export function niceMaximum(max: number): number {
  if (!(max > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((candidate) => candidate * power >= max - 1e-9) ?? 10;
  return Number((step * power).toPrecision(12));
}

/** Cuts a label to `max` characters with an ellipsis (the table beside the chart has it whole). */
function shortened(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`;
}

/** A label on at most two lines of `max` characters, broken between words, the rest cut. */
export function wrapped(label: string, max: number): string[] {
  if (label.length <= max) {
    return [label];
  }
  const words = label.split(/\s+/);
  let first = '';
  while (words.length > 0 && `${first} ${words[0]}`.trim().length <= max) {
    first = `${first} ${words.shift()}`.trim();
  }
  if (first === '') {
    return [shortened(label, max)];
  }
  return [first, shortened(words.join(' '), max)];
}

function open(text: ChartText, width: number, height: number, kind: string): string {
  const id = checkedId(text.id);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-${kind}" viewBox="0 0 ${width} ${height}" ` +
    `width="100%" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" font-family="${FONT}">` +
    `<title id="${id}-title">${escapeXml(text.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(text.description)}</desc>`
  );
}

function label(
  x: number,
  y: number,
  text: string,
  options: { anchor?: 'start' | 'middle' | 'end'; size?: number; fill?: string; weight?: number } = {},
): string {
  return (
    `<text x="${n(x)}" y="${n(y)}" font-size="${options.size ?? 12}" fill="${options.fill ?? CHART_COLOURS.ink}"` +
    `${options.anchor && options.anchor !== 'start' ? ` text-anchor="${options.anchor}"` : ''}` +
    `${options.weight ? ` font-weight="${options.weight}"` : ''}>${escapeXml(text)}</text>`
  );
}

function empty(width: number, height: number): string {
  return label(width / 2, height / 2, 'No data in this period', {
    anchor: 'middle',
    size: 14,
    fill: CHART_COLOURS.muted,
  });
}

/**
 * Vertical bars over time or categories (e.g. certificates per month), with a y axis from 0 to
 * a round maximum and the value over each bar. Labels thin out when there are many bars.
 */
export function columnChart(text: ChartText & { data: ChartDatum[] }): string {
  const width = WIDTH;
  const height = 250;
  const left = 40;
  const right = 6;
  const top = 22;
  const bottom = 42;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const parts = [open(text, width, height, 'columns')];
  const counts = text.data.every((datum) => Number.isInteger(datum.value));
  // Counts keep whole numbers on the axis: 0, 1, 2 rather than 0, 0.5, 1.
  const max = Math.max(counts ? 2 : 0, niceMaximum(Math.max(0, ...text.data.map((datum) => datum.value))));
  // Grid lines at 0, half and the maximum; a count axis names whole numbers only.
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotHeight * (1 - fraction);
    parts.push(
      `<line x1="${left}" y1="${n(y)}" x2="${width - right}" y2="${n(y)}" stroke="${CHART_COLOURS.line}" stroke-width="1"/>`,
    );
    if (!counts || Number.isInteger(max * fraction)) {
      parts.push(
        label(left - 6, y + 4, n(max * fraction), { anchor: 'end', size: 12, fill: CHART_COLOURS.muted }),
      );
    }
  }
  if (text.data.length === 0 || text.data.every((datum) => datum.value === 0)) {
    parts.push(empty(width, height - bottom / 2));
  }
  const slot = plotWidth / Math.max(1, text.data.length);
  const barWidth = Math.max(2, Math.min(40, slot * 0.7));
  // At most about 12 category labels, so they never overlap.
  const every = Math.max(1, Math.ceil(text.data.length / 12));
  const showValues = slot >= 20;
  text.data.forEach((datum, index) => {
    const x = left + slot * index + (slot - barWidth) / 2;
    const barHeight = (plotHeight * datum.value) / max;
    const y = top + plotHeight - barHeight;
    if (datum.value > 0) {
      parts.push(
        `<rect x="${n(x)}" y="${n(y)}" width="${n(barWidth)}" height="${n(barHeight)}" rx="2" fill="${CHART_COLOURS.brand}"/>`,
      );
      if (showValues) {
        parts.push(
          label(x + barWidth / 2, y - 5, datum.valueLabel ?? String(datum.value), { anchor: 'middle' }),
        );
      }
    }
    if (index % every === 0) {
      parts.push(
        label(x + barWidth / 2, height - bottom + 18, datum.label, {
          anchor: 'middle',
          fill: CHART_COLOURS.muted,
        }),
      );
    }
    if (datum.note) {
      parts.push(
        label(x + barWidth / 2, height - bottom + 34, datum.note, { anchor: 'middle', weight: 600 }),
      );
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Horizontal bars, one row per category (e.g. pass rate per module), on a scale from 0 to
 * `max` (default: a round maximum of the data), the value printed after each bar. Labels wrap
 * to two lines; rows with a `group` follow a heading naming it.
 */
export function barChart(text: ChartText & { data: ChartDatum[]; max?: number }): string {
  const width = WIDTH;
  const labelWidth = 180;
  const valueWidth = 46;
  const plotWidth = width - labelWidth - valueWidth;
  // About 21 characters of 13px text fit the label column, in the widest sans-serif fonts too.
  const lines = text.data.map((datum) => wrapped(datum.label, 21));
  const row = lines.some((label) => label.length > 1) ? 40 : 30;
  const heading = 28;
  const top = 6;
  // The rows and group headings, top to bottom.
  const layout: ({ kind: 'heading'; text: string; y: number } | { kind: 'bar'; index: number; y: number })[] =
    [];
  let y = top;
  let group: string | undefined;
  text.data.forEach((datum, index) => {
    if (datum.group !== undefined && datum.group !== group) {
      group = datum.group;
      layout.push({ kind: 'heading', text: datum.group, y });
      y += heading;
    }
    layout.push({ kind: 'bar', index, y });
    y += row;
  });
  const height = Math.max(y, top + row) + top;
  const parts = [open(text, width, height, 'bars')];
  if (text.data.length === 0) {
    parts.push(empty(width, height / 2 + 5));
  }
  const max = text.max ?? niceMaximum(Math.max(0, ...text.data.map((datum) => datum.value)));
  for (const item of layout) {
    if (item.kind === 'heading') {
      parts.push(label(0, item.y + heading - 9, shortened(item.text, 70), { size: 13, weight: 600 }));
      continue;
    }
    const datum = text.data[item.index]!;
    const label0 = lines[item.index]!;
    const middle = item.y + row / 2;
    label0.forEach((line, number) => {
      const offset = label0.length === 1 ? 4 : number === 0 ? -3 : 12;
      parts.push(label(labelWidth - 8, middle + offset, line, { anchor: 'end', size: 13 }));
    });
    const barWidth = (plotWidth * Math.min(datum.value, max)) / max;
    parts.push(
      `<line x1="${labelWidth}" y1="${n(item.y + 2)}" x2="${labelWidth}" y2="${n(item.y + row - 2)}" stroke="${CHART_COLOURS.line}" stroke-width="1"/>`,
    );
    if (barWidth > 0) {
      parts.push(
        `<rect x="${labelWidth}" y="${n(middle - 10)}" width="${n(barWidth)}" height="20" rx="2" fill="${CHART_COLOURS.brand}"/>`,
      );
    }
    parts.push(
      label(labelWidth + barWidth + 6, middle + 5, datum.valueLabel ?? String(datum.value), {
        size: 13,
        weight: 600,
      }),
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A funnel: one centred bar per stage, its width the stage's share of the first, with the count
 * and that share beside it; trapezoids join each stage to the next so the drop shows.
 */
export function funnelChart(text: ChartText & { stages: ChartDatum[] }): string {
  const width = WIDTH;
  const row = 50;
  const barHeight = 32;
  const labelWidth = 132;
  const valueWidth = 96;
  const plotWidth = width - labelWidth - valueWidth;
  const centre = labelWidth + plotWidth / 2;
  const height = Math.max(1, text.stages.length) * row;
  const parts = [open(text, width, height, 'funnel')];
  const first = text.stages[0]?.value ?? 0;
  if (first === 0) {
    parts.push(empty(width, height / 2 + 5));
  }
  const widthOf = (value: number): number =>
    first > 0 ? Math.max(value > 0 ? 2 : 0, (plotWidth * value) / first) : 0;
  text.stages.forEach((stage, index) => {
    const y = index * row + (row - barHeight) / 2;
    const barWidth = widthOf(stage.value);
    const next = text.stages[index + 1];
    if (next && barWidth > 0) {
      const nextWidth = widthOf(next.value);
      const bottom = y + barHeight;
      const nextTop = y + row;
      parts.push(
        `<polygon points="${n(centre - barWidth / 2)},${n(bottom)} ${n(centre + barWidth / 2)},${n(bottom)} ` +
          `${n(centre + nextWidth / 2)},${n(nextTop)} ${n(centre - nextWidth / 2)},${n(nextTop)}" fill="${CHART_COLOURS.line}"/>`,
      );
    }
    if (barWidth > 0) {
      const colour = CHART_COLOURS.stages[Math.min(index, CHART_COLOURS.stages.length - 1)];
      parts.push(
        `<rect x="${n(centre - barWidth / 2)}" y="${n(y)}" width="${n(barWidth)}" height="${barHeight}" rx="3" fill="${colour}"/>`,
      );
    }
    parts.push(
      label(labelWidth - 10, y + barHeight / 2 + 5, shortened(stage.label, 16), { anchor: 'end', size: 13 }),
    );
    const share = first > 0 ? ` (${Math.round((100 * stage.value) / first)}%)` : '';
    parts.push(
      label(width - valueWidth + 8, y + barHeight / 2 + 5, `${stage.valueLabel ?? stage.value}${share}`, {
        size: 14,
        weight: 600,
      }),
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
