// Display helpers shared by the views: sizes, rates and durations in the units people read.

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function duration(seconds: number): string {
  if (!isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (m < 60) return `${m} min ${s} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `2019-08-03T19:05:00Z` → `2019-08-03 19:05 UTC`. */
export function utc(rfc3339: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339);
  return m ? `${m[1]} ${m[2]} UTC` : rfc3339;
}

export function shortHash(hex: string): string {
  return hex.length > 16 ? `${hex.slice(0, 12)}…${hex.slice(-4)}` : hex;
}

/** The zone this machine is in, as the default for dates the user enters. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function labelOf<T extends string>(terms: { code: T; label: string }[], code: T): string {
  return terms.find((t) => t.code === code)?.label ?? code;
}

/** Today on this machine as `YYYY-MM-DD`, the default for dates people enter. */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/**
 * A count as people read it, `1,240`: the one formatter for every count shown. Grouped the
 * same way whatever the system locale says (a webview under `LANG=C` groups nothing), as
 * dates are ISO everywhere; fractions are rounded away.
 */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const whole = Math.round(n);
  const digits = Math.abs(whole).toString().replace(/\B(?=(\d{3})+$)/g, ',');
  return whole < 0 ? `-${digits}` : digits;
}

/** An exact amount as the core gives it (`1200.50`, `USD`) → `1,200.50 USD`: grouped like
 * `num`, but never through a float, so no cent is lost. */
export function money(m: { amount: string; currency: string }): string {
  const [whole, cents] = m.amount.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const grouped = whole.replace(/^-/, '').replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${grouped}${cents === undefined ? '' : `.${cents}`} ${m.currency}`;
}

/** `1 person`, `2 people`: a count with its noun. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/**
 * `YYYY-MM-DD` as typed, if it is a real calendar day, else null. Dates are entered in ISO
 * form everywhere (a native date input follows the system locale, 08/02/2019 in the US).
 */
export function isoDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  const real = day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
  return real ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
