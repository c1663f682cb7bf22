// Deadlines as counsel reads them: how long is left, or how long overdue, counted in calendar
// days from today (hours when the deadline itself is counted in hours and is near).

import { today } from '../../lib/format';

const DAY = 86_400_000;

/** Whole calendar days from `from` to `due` (both `YYYY-MM-DD`); negative once overdue. */
export function daysUntil(due: string, from: string): number {
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

export type Countdown = { text: string; overdue: boolean };

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "in 12 days", "due today", "3 days overdue". With `dueAt` (an instant, for deadlines in hours)
 * the last three days count in hours, since a 72-hour clock can run out mid-afternoon.
 */
export function countdown(due: string, now: Date, dueAt: string | null = null, day = today(now)): Countdown {
  if (dueAt) {
    const hours = Math.trunc((Date.parse(dueAt) - now.getTime()) / 3_600_000);
    if (Math.abs(hours) < 72) {
      if (hours > 0) return { text: `in ${plural(hours, 'hour')}`, overdue: false };
      if (hours < 0) return { text: `${plural(-hours, 'hour')} overdue`, overdue: true };
      const late = Date.parse(dueAt) < now.getTime();
      return late ? { text: 'less than an hour overdue', overdue: true } : { text: 'due within the hour', overdue: false };
    }
  }
  const days = daysUntil(due, day);
  if (days === 0) return { text: 'due today', overdue: false };
  if (days > 0) return { text: `in ${plural(days, 'day')}`, overdue: false };
  return { text: `${plural(-days, 'day')} overdue`, overdue: true };
}
