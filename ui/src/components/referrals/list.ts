// The Referrals view read as people scan it: one row per referral with what it is waiting on
// (counts, the open follow-up and whether it is overdue).
import type { OpenFollowUp, Referral, ReferralAgenda, ReferralDetail } from '../../lib/bindings';

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

/** `LE-0001-referral-letter.pdf`: the letter's default file name. */
export function letterName(id: string): string {
  return `${id}-referral-letter.pdf`;
}
