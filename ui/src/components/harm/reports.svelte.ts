// The Harm view's state and the conversions its markup would otherwise hold: the report
// table's filter and date order, the tally as chart bars, a report's match in words, the
// entry form's draft (→ `HarmInput`) and the import mapping (→ `HarmFieldMap[]`). A case holds
// dozens or thousands of reports, not millions, so the table filters and sorts here.
import type {
  HarmChannel,
  HarmField,
  HarmFieldMap,
  HarmInput,
  HarmKind,
  HarmReport,
  HarmTally,
  MatchedBy,
  Quoted,
  ReporterKind,
  Term,
} from '../../lib/bindings';
import { Failure } from '../../lib/api';
import { labelOf, localZone } from '../../lib/format';

export type MatchFilter = '' | 'matched' | 'unmatched';

export class HarmTable {
  reports = $state<HarmReport[]>([]);
  channel = $state<HarmChannel | ''>('');
  match = $state<MatchFilter>('');
  newestFirst = $state(true);

  readonly shown = $derived.by(() => {
    const rows = this.reports.filter(
      (r) =>
        (!this.channel || r.channel === this.channel) &&
        (!this.match || (this.match === 'matched') === (r.person_id !== null)),
    );
    // UTC instants in RFC 3339 order as text; the id breaks ties in entry order.
    const dir = this.newestFirst ? -1 : 1;
    return rows.sort((a, b) => (a.when.utc.localeCompare(b.when.utc) || a.id.localeCompare(b.id)) * dir);
  });

  /** Shows every report again. */
  clear(): void {
    this.channel = '';
    this.match = '';
  }
}

export type ChartBar = { key: string; label: string; count: number };

/** The Monday an ISO week (`2019-W31`) starts on, `YYYY-MM-DD`; the key itself if it is not one. */
export function weekStart(key: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!m) return key;
  // Week 1 is the week with 4 January in it.
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(mondayOfWeek1 + (Number(m[2]) - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** Reports per week in calendar order (the core lists every week, empty ones at 0). */
export function weekBars(t: HarmTally): ChartBar[] {
  return Object.keys(t.by_week)
    .sort()
    .map((key) => ({ key, label: `Week of ${weekStart(key)}`, count: t.by_week[key] ?? 0 }));
}

/** Reports per channel, labelled from the core's vocabulary. */
export function channelBars(t: HarmTally, channels: Term<HarmChannel>[]): ChartBar[] {
  return Object.entries(t.by_channel).map(([key, n]) => ({ key, label: labelOf(channels, key as HarmChannel), count: n ?? 0 }));
}

/** How a report is linked to an affected person, in words: `by E-mail`, or null when it is not. */
export function matchedBy(r: HarmReport, terms: Term<MatchedBy>[]): string | null {
  if (!r.person_id || !r.matched_by) return null;
  return `by ${labelOf(terms, r.matched_by)}`;
}

/** The report's entry form as typed: every field a string, as `HarmInput` takes them. */
export class HarmDraft {
  when = $state('');
  tz = $state(localZone());
  channel = $state<HarmChannel>('phone_call');
  kind = $state<HarmKind>('scam_call');
  source = $state<ReporterKind>('customer');
  caller_claimed = $state('');
  data_quoted = $state<Quoted[]>([]);
  ticket = $state('');
  quoted_email = $state('');
  quoted_phone = $state('');
  loss = $state('');
  currency = $state('');
  police_reference = $state('');
  email = $state('');
  phone = $state('');
  notes = $state('');

  /** What the form can say before asking the core: a field and why, or null. */
  problem(): { field: HarmField; message: string } | null {
    if (!this.when.trim()) return { field: 'when', message: 'Enter when it happened, e.g. 2019-08-03 14:05 (or just the day).' };
    const ccy = this.currency.trim();
    if (ccy && !/^[A-Za-z]{3}$/.test(ccy)) {
      return { field: 'currency', message: `“${ccy}” is not a currency code: give the three letters of ISO 4217, e.g. USD or EUR.` };
    }
    if (ccy && !this.loss.trim()) return { field: 'loss', message: 'Enter the amount lost, or leave the currency empty.' };
    return null;
  }

  input(): HarmInput {
    const t = (s: string) => s.trim();
    return {
      when: t(this.when),
      tz: t(this.tz),
      channel: this.channel,
      kind: this.kind,
      source: this.source,
      caller_claimed: t(this.caller_claimed),
      data_quoted: [...this.data_quoted],
      ticket: t(this.ticket),
      quoted_email: t(this.quoted_email),
      quoted_phone: t(this.quoted_phone),
      loss: t(this.loss),
      currency: t(this.currency).toUpperCase(),
      police_reference: t(this.police_reference),
      email: t(this.email),
      phone: t(this.phone),
      notes: t(this.notes),
    };
  }
}

/** The field a failure from the core names and its reason worded with that field's label;
 * null when it names no field of the form (then the form shows `describe`'s wording). */
export function fieldProblem(e: unknown, fields: Term<HarmField>[]): { field: HarmField; message: string } | null {
  if (!(e instanceof Failure) || e.kind !== 'invalid' || !e.field) return null;
  const term = fields.find((f) => f.code === e.field);
  return term ? { field: term.code, message: `${term.label}: ${e.reason}` } : null;
}

/** The import mapping as the wizard edits it: each field → one column, `''` when not mapped. */
export type HarmMapping = Record<HarmField, string>;

export function mappingOf(fields: Term<HarmField>[], maps: HarmFieldMap[]): HarmMapping {
  const m = Object.fromEntries(fields.map((f) => [f.code, ''])) as HarmMapping;
  for (const { field, column } of maps) m[field] = column;
  return m;
}

/** One entry per mapped field, in the vocabulary's order. */
export function fieldMaps(fields: Term<HarmField>[], m: HarmMapping): HarmFieldMap[] {
  return fields.filter((f) => m[f.code]).map((f) => ({ field: f.code, column: m[f.code] }));
}

