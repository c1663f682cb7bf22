// The visual timeline's arithmetic, kept apart from the drawing so it can be tested: the
// visible range (zoom about a point, pan by a fraction), where an instant falls on the width,
// and the dated ticks that suit the range, from years down to minutes.

export interface Range {
  /** Milliseconds since the epoch, UTC. */
  from: number;
  to: number;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const YEAR = 365.25 * DAY;

/** The narrowest the view zooms to (ten minutes) and the widest (fifty years). */
export const MIN_SPAN = 10 * MINUTE;
export const MAX_SPAN = 50 * YEAR;

export const span = (r: Range) => r.to - r.from;

function clampSpan(s: number): number {
  return Math.min(MAX_SPAN, Math.max(MIN_SPAN, s));
}

/** The range that shows everything from `from` to `to` with a margin either side; a day
 * either side of a single instant. */
export function fit(from: number, to: number): Range {
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    const now = Date.now();
    return { from: now - 30 * DAY, to: now };
  }
  const s = clampSpan(Math.max(to - from, 2 * DAY));
  const mid = (from + to) / 2;
  const padded = clampSpan(s * 1.06);
  return { from: mid - padded / 2, to: mid + padded / 2 };
}

/** Zooms by `factor` (below 1 zooms in) keeping the instant at `anchor` (0 left edge … 1
 * right edge) where it is on screen, as a map does under the pointer. */
export function zoom(r: Range, factor: number, anchor = 0.5): Range {
  const s = clampSpan(span(r) * factor);
  const at = r.from + span(r) * anchor;
  return { from: at - s * anchor, to: at - s * anchor + s };
}

/** Moves the range by `fraction` of its width (positive: later). */
export function pan(r: Range, fraction: number): Range {
  const d = span(r) * fraction;
  return { from: r.from + d, to: r.to + d };
}

/** Where `t` falls on a width of `width` pixels (outside 0…width when out of range). */
export function x(r: Range, t: number, width: number): number {
  return ((t - r.from) / span(r)) * width;
}

export interface Tick {
  at: number;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

type Step = { size: number; unit: 'year' | 'month' | 'day' | 'hour' | 'minute' };

// Candidate tick spacings, smallest first; the first that gives at most `most` ticks wins.
const STEPS: Step[] = [
  { size: 1, unit: 'minute' },
  { size: 5, unit: 'minute' },
  { size: 15, unit: 'minute' },
  { size: 30, unit: 'minute' },
  { size: 1, unit: 'hour' },
  { size: 3, unit: 'hour' },
  { size: 6, unit: 'hour' },
  { size: 12, unit: 'hour' },
  { size: 1, unit: 'day' },
  { size: 2, unit: 'day' },
  { size: 7, unit: 'day' },
  { size: 1, unit: 'month' },
  { size: 3, unit: 'month' },
  { size: 6, unit: 'month' },
  { size: 1, unit: 'year' },
  { size: 2, unit: 'year' },
  { size: 5, unit: 'year' },
  { size: 10, unit: 'year' },
];

const APPROX: Record<Step['unit'], number> = { minute: MINUTE, hour: HOUR, day: DAY, month: YEAR / 12, year: YEAR };

/** The step ticks use for a range: the finest that gives no more than `most` ticks. */
export function stepFor(r: Range, most = 8): Step {
  return STEPS.find((s) => span(r) / (s.size * APPROX[s.unit]) <= most) ?? STEPS[STEPS.length - 1];
}

function label(t: Date, unit: Step['unit']): string {
  const day = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  switch (unit) {
    case 'year':
      return String(t.getUTCFullYear());
    case 'month':
      return day.slice(0, 7);
    case 'day':
      return day;
    default:
      return `${day} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  }
}

/** Ticks on round UTC instants inside the range, labelled as finely as the step needs. */
export function ticks(r: Range, most = 8): Tick[] {
  const step = stepFor(r, most);
  const start = new Date(r.from);
  // Round down to the step's unit, then walk forward.
  const t = new Date(Date.UTC(start.getUTCFullYear(), 0, 1));
  if (step.unit === 'year') {
    t.setUTCFullYear(Math.floor(start.getUTCFullYear() / step.size) * step.size);
  } else if (step.unit === 'month') {
    t.setUTCMonth(Math.floor(start.getUTCMonth() / step.size) * step.size);
  } else {
    const unit = APPROX[step.unit] * step.size;
    t.setTime(Math.floor(r.from / unit) * unit);
  }
  const out: Tick[] = [];
  for (let guard = 0; guard < 200 && t.getTime() <= r.to; guard++) {
    if (t.getTime() >= r.from) out.push({ at: t.getTime(), label: label(t, step.unit) });
    if (step.unit === 'year') t.setUTCFullYear(t.getUTCFullYear() + step.size);
    else if (step.unit === 'month') t.setUTCMonth(t.getUTCMonth() + step.size);
    else t.setTime(t.getTime() + APPROX[step.unit] * step.size);
  }
  return out;
}
