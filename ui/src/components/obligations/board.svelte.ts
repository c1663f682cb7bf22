// The Obligations view's state: which snapshot is evaluated, the report, which rows are open,
// and the drafts of the override, filing and answer forms with their validation.
import type { KeyDateKind, ObligationsReport, Outcome, Question, Snapshot, Term } from '../../lib/bindings';
import { call, commands } from '../../lib/api';
import { isoDate } from '../../lib/format';

export class ObligationsBoard {
  /** Newest first. */
  snapshots = $state<Snapshot[]>([]);
  /** The snapshot chosen; null follows the newest. */
  chosen = $state<string | null>(null);
  report = $state<ObligationsReport | null>(null);
  loaded = $state(false);
  /** Rule ids whose reasoning is shown. */
  expanded = $state<string[]>([]);
  /** The one form open under a row, if any. */
  form = $state<{ kind: 'override' | 'file'; rule: string } | null>(null);

  /** Loads the snapshots, then the report for the chosen (or newest) one; none → no report. */
  async load(): Promise<void> {
    const all = await call(commands.affectedSnapshots());
    this.snapshots = [...all].sort((a, b) => b.content.taken_at.localeCompare(a.content.taken_at));
    if (this.chosen && !this.snapshots.some((s) => s.content.id === this.chosen)) this.chosen = null;
    this.report = this.snapshots.length ? await call(commands.obligationsReport(this.chosen)) : null;
    this.loaded = true;
  }

  toggle(rule: string): void {
    this.expanded = this.expanded.includes(rule) ? this.expanded.filter((r) => r !== rule) : [...this.expanded, rule];
  }

  open(kind: 'override' | 'file', rule: string): void {
    this.form = this.form?.kind === kind && this.form.rule === rule ? null : { kind, rule };
  }
}

/** Counsel's outcome for one rule. The reason is mandatory: it stands beside the computed one. */
export class OverrideDraft {
  outcome = $state<Outcome | ''>('');
  reason = $state('');

  /** The first problem with the draft, worded for the user, or null. */
  problem(): string | null {
    if (!this.outcome) return 'Choose the outcome counsel has decided on.';
    if (!this.reason.trim()) return 'Give the reason for the override: it is shown beside the computed outcome and kept in the audit log.';
    return null;
  }

  async save(rule: string): Promise<void> {
    await call(commands.obligationsOverride(rule, this.outcome as Outcome, this.reason.trim()));
  }
}

/** A notice that was made: when, its reference, and optionally the document sent. */
export class FilingDraft {
  date = $state('');
  reference = $state('');
  /** The document chosen in the dialog (the shell's token), and its name to show. */
  document = $state('');
  documentShown = $state('');

  problem(): string | null {
    if (!this.date.trim()) return 'Enter the date the notice was filed, as YYYY-MM-DD.';
    if (!isoDate(this.date)) return `“${this.date.trim()}” is not a calendar date: enter it as YYYY-MM-DD, for example 2019-11-05.`;
    return null;
  }

  async save(rule: string): Promise<void> {
    await call(
      commands.obligationsFile({
        rule,
        date: isoDate(this.date)!,
        reference: this.reference.trim() || null,
        document: this.document.trim() || null,
      }),
    );
  }
}

/** An answer to one question, or its withdrawal, with the reason it rests on. */
export class AnswerDraft {
  value = $state<'yes' | 'no' | 'unanswered'>('unanswered');
  reason = $state('');

  constructor(current: boolean | null) {
    this.value = current === null ? 'unanswered' : current ? 'yes' : 'no';
  }

  problem(): string | null {
    if (!this.reason.trim()) return 'Give the reason for this answer: who established it and on what basis. It is kept with the answer.';
    return null;
  }

  async save(question: Question): Promise<void> {
    const value = this.value === 'unanswered' ? null : this.value === 'yes';
    await call(commands.obligationsAnswer(question, value, this.reason.trim()));
  }
}
