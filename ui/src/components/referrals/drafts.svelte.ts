// The Referrals view's forms as drafts: what the user typed, the first problem worded for
// them (which field, what to do), and the input the core takes. The core checks everything
// again; these catch the obvious before a round trip and keep the form's text as typed.
import type {
  DelayInput,
  FollowUpInput,
  LegalProcessInput,
  LegalProcessKind,
  Referral,
  ReferralChannel,
  ReferralInput,
  ReferralStatus,
  ShareForm,
  ShareInput,
} from '../../lib/bindings';
import { isoDate, localZone } from '../../lib/format';

/** `YYYY-MM-DD HH:MM` as typed, if it is a real day and time; else null. */
export function wallTime(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m || !isoDate(m[1]) || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return `${m[1]} ${m[2]}:${m[3]}`;
}

/** The problem with an optional day field, or null when it is empty or a real day. */
function dayProblem(text: string, what: string): string | null {
  if (!text.trim() || isoDate(text)) return null;
  return `${what}: “${text.trim()}” is not a calendar date; enter it as YYYY-MM-DD, for example 2019-11-04.`;
}

const optional = (s: string) => s.trim() || null;

export class ReferralDraft {
  agency = $state('');
  unit = $state('');
  channel = $state<ReferralChannel | ''>('');
  when = $state('');
  tz = $state(localZone());
  ourContact = $state('');
  theirName = $state('');
  theirBadge = $state('');
  theirPhone = $state('');
  theirEmail = $state('');
  reference = $state('');
  offences = $state('');
  /** Empty lets the core choose: made when a date is given, else draft. */
  status = $state<ReferralStatus | ''>('');

  /** A draft holding what is recorded, for editing. */
  static of(r: Referral): ReferralDraft {
    const d = new ReferralDraft();
    d.agency = r.agency;
    d.unit = r.unit;
    d.channel = r.channel ?? '';
    d.when = r.when?.local ?? '';
    d.tz = r.when?.tz ?? localZone();
    d.ourContact = r.our_contact;
    d.theirName = r.their_contact.name;
    d.theirBadge = r.their_contact.badge;
    d.theirPhone = r.their_contact.phone;
    d.theirEmail = r.their_contact.email;
    d.reference = r.reference;
    d.offences = r.offences;
    d.status = r.status;
    return d;
  }

  problem(): string | null {
    if (!this.agency.trim()) return 'Agency: name the agency the case was referred to, for example “FBI Chicago field office”.';
    if (this.when.trim() && !wallTime(this.when))
      return `When: “${this.when.trim()}” is not a date and time; enter it as YYYY-MM-DD HH:MM, for example 2019-10-31 09:00.`;
    if (this.when.trim() && !this.tz.trim()) return 'Time zone: give the zone the time was entered in, for example America/Chicago or UTC.';
    if (!this.when.trim() && this.status && this.status !== 'draft')
      return 'When: a referral marked made, acknowledged, active or closed needs the date and time it was made.';
    const email = this.theirEmail.trim();
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return `Their e-mail: “${email}” is not an e-mail address; leave it empty if there is none.`;
    return null;
  }

  input(): ReferralInput {
    const when = wallTime(this.when);
    const their = { name: this.theirName.trim(), badge: this.theirBadge.trim(), phone: this.theirPhone.trim(), email: this.theirEmail.trim() };
    return {
      agency: this.agency.trim(),
      unit: optional(this.unit),
      channel: this.channel || null,
      when,
      tz: when ? this.tz.trim() : null,
      our_contact: optional(this.ourContact),
      their_contact: Object.values(their).some(Boolean) ? their : null,
      reference: optional(this.reference),
      offences: optional(this.offences),
      status: this.status || null,
    };
  }
}

/** A dated note on the referral, with the next action and when it is due. */
export class FollowUpDraft {
  on = $state('');
  note = $state('');
  nextAction = $state('');
  due = $state('');

  problem(): string | null {
    if (!this.note.trim()) return 'Note: say what was said or done.';
    const bad = dayProblem(this.on, 'Date') ?? dayProblem(this.due, 'Due');
    if (bad) return bad;
    if (this.due.trim() && !this.nextAction.trim()) return 'Next action: a due date needs the action it is for.';
    return null;
  }

  input(referral: string): FollowUpInput {
    return {
      referral_id: referral,
      on: isoDate(this.on),
      note: this.note.trim(),
      next_action: optional(this.nextAction),
      due: isoDate(this.due),
    };
  }
}

/** One evidence item handed to the agency. */
export class ShareDraft {
  evidence = $state('');
  form = $state<ShareForm>('copy');
  method = $state('');
  personalData = $state(false);
  legalBasis = $state('');
  when = $state('');
  tz = $state(localZone());
  /** The folder chosen to export into (the shell's token), and its name to show. */
  exportTo = $state('');
  exportToShown = $state('');

  problem(): string | null {
    if (!this.evidence) return 'Evidence item: choose the item that was handed over.';
    if (this.personalData && !this.legalBasis.trim())
      return 'Legal basis: personal data was included, so record the basis on which it was lawful to share it.';
    if (this.when.trim() && !wallTime(this.when))
      return `When: “${this.when.trim()}” is not a date and time; enter it as YYYY-MM-DD HH:MM, or leave it empty for now.`;
    return null;
  }

  input(referral: string): ShareInput {
    const when = wallTime(this.when);
    return {
      referral_id: referral,
      evidence_id: this.evidence,
      form: this.form,
      method: optional(this.method),
      personal_data: this.personalData,
      legal_basis: this.personalData ? this.legalBasis.trim() : null,
      when,
      tz: when ? this.tz.trim() || null : null,
      export_to: optional(this.exportTo),
    };
  }
}

/** Legal process received from the agency. */
export class LegalProcessDraft {
  kind = $state<LegalProcessKind>('subpoena');
  received = $state('');
  due = $state('');
  scope = $state('');
  counsel = $state('');

  problem(): string | null {
    if (!this.received.trim()) return 'Received: enter the day it was received, as YYYY-MM-DD.';
    const bad = dayProblem(this.received, 'Received') ?? dayProblem(this.due, 'Due');
    if (bad) return bad;
    if (isoDate(this.due) && isoDate(this.due)! < isoDate(this.received)!) return 'Due: the due date is before the day it was received.';
    if (!this.scope.trim()) return 'Scope: say what it asks for.';
    return null;
  }

  input(referral: string): LegalProcessInput {
    return {
      referral_id: referral,
      kind: this.kind,
      received: isoDate(this.received)!,
      due: isoDate(this.due),
      scope: this.scope.trim(),
      response: null,
      counsel: optional(this.counsel),
    };
  }
}

/** A request by the agency to delay notification in some jurisdictions. */
export class DelayDraft {
  requestedOn = $state('');
  from = $state('');
  until = $state('');
  reviewOn = $state('');
  /** Written requests attach the file they came in. */
  written = $state(false);
  /** The written request's file chosen in the dialog (the shell's token), and its name. */
  copy = $state('');
  copyShown = $state('');
  jurisdictions = $state<string[]>([]);

  problem(): string | null {
    if (!this.from.trim()) return 'From: enter the day the delay starts, as YYYY-MM-DD.';
    const bad =
      dayProblem(this.from, 'From') ?? dayProblem(this.until, 'Until') ?? dayProblem(this.requestedOn, 'Requested on') ?? dayProblem(this.reviewOn, 'Review on');
    if (bad) return bad;
    if (isoDate(this.until) && isoDate(this.until)! < isoDate(this.from)!) return 'Until: the delay ends before it starts.';
    if (!this.jurisdictions.length) return 'Jurisdictions: choose at least one jurisdiction the delay covers, for example US-CA.';
    if (this.written && !this.copy.trim()) return 'Written copy: choose the file holding the written request, or mark the request oral.';
    return null;
  }

  input(referral: string): DelayInput {
    return {
      referral_id: referral,
      requested_on: isoDate(this.requestedOn),
      from: isoDate(this.from)!,
      until: isoDate(this.until),
      jurisdictions: [...this.jurisdictions],
      written_copy: this.written ? this.copy.trim() : null,
      review_on: isoDate(this.reviewOn),
    };
  }
}
