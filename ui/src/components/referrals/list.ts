// The Referrals view read as people scan it: one row per referral with what it is waiting on
// (counts, the open follow-up and whether it is overdue), and a notes diff as signed lines.
import type { DiffLine, OpenFollowUp, Referral, ReferralAgenda, ReferralDetail } from '../../lib/bindings';

export type ReferralRow = {
  referral: Referral;
  /** Items handed over under this referral. */
  shared: number;
  /** Legal process received with no response recorded yet. */
  openProcess: number;
  /** Delay requests in force today, by the case's clock. */
  activeDelays: number;
  /** The next action the newest follow-up set, while the referral is open. */
  next: OpenFollowUp | null;
};

/**
 * The list's rows, oldest referral first. What is "in force" and "overdue" is the core's
 * word (the agenda, by the case's clock), never this machine's date.
 */
export function referralRows(details: ReferralDetail[], agenda: ReferralAgenda): ReferralRow[] {
  return details.map((d) => {
    const id = d.referral.id;
    return {
      referral: d.referral,
      shared: d.shared.length,
      openProcess: d.legal_process.filter((p) => !p.response.trim()).length,
      activeDelays: agenda.active_delays.filter((x) => x.referral_id === id).length,
      next: agenda.open_follow_ups.find((f) => f.referral_id === id) ?? null,
    };
  });
}

/** "due 2019-11-11 · overdue", "due 2019-11-11", "no due date". */
export function dueMark(f: OpenFollowUp): { text: string; overdue: boolean } {
  if (!f.due) return { text: 'no due date', overdue: false };
  return { text: f.overdue ? `due ${f.due} · overdue` : `due ${f.due}`, overdue: f.overdue };
}

export type SignedLine = { sign: '+' | '−' | ' '; kind: DiffLine['change']; text: string };
/** A line of a diff as shown: signed, or a run of unchanged lines left out. */
export type DiffRow = SignedLine | { kind: 'skip'; count: number };

/** A diff's line with the sign a reader without colour relies on: + added, − removed. */
function signed(l: DiffLine): SignedLine {
  return { sign: l.change === 'added' ? '+' : l.change === 'removed' ? '−' : ' ', kind: l.change, text: l.text };
}

/**
 * The changed lines with `context` unchanged lines either side, each longer run of unchanged
 * lines left out as a count: a one-line edit in long notes reads as one line, not a page.
 * `context` null keeps every line.
 */
export function diffRows(lines: DiffLine[], context: number | null = 2): DiffRow[] {
  if (context === null) return lines.map(signed);
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.change === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep[j] = true;
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  lines.forEach((l, i) => {
    if (!keep[i]) {
      skipped++;
      return;
    }
    if (skipped) rows.push({ kind: 'skip', count: skipped });
    skipped = 0;
    rows.push(signed(l));
  });
  if (skipped) rows.push({ kind: 'skip', count: skipped });
  return rows;
}

/** "2 lines added, 1 removed" or "no change". */
export function diffSummary(lines: DiffLine[]): string {
  const added = lines.filter((l) => l.change === 'added').length;
  const removed = lines.filter((l) => l.change === 'removed').length;
  if (!added && !removed) return 'No change between these versions.';
  const line = (n: number) => `${n} line${n === 1 ? '' : 's'}`;
  return `${line(added)} added, ${line(removed)} removed.`;
}

/** `LE-0001-referral-letter.pdf`: the letter's default file name. */
export function letterName(id: string): string {
  return `${id}-referral-letter.pdf`;
}
