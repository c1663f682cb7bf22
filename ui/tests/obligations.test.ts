import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { backend, chosen, openCase, snapshot, vocab } from './backend';
import { countdown, daysUntil } from '../src/components/obligations/due';
import type { Answer, Obligation, ObligationRow, ObligationsReport } from '../src/lib/bindings';
import { today } from '../src/lib/format';

async function openObligations() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await user.click(await screen.findByTestId('nav-obligations'));
  return user;
}

/** `YYYY-MM-DD`, `days` from today on this machine. */
function inDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return today(d);
}


function obligation(o: Partial<Obligation> & Pick<Obligation, 'rule' | 'jurisdiction'>): Obligation {
  return {
    recipient: 'regulator',
    body: 'Regulator',
    outcome: 'required',
    people: 0,
    residents: 0,
    due: null,
    due_at: null,
    deadline: '30 days',
    clock: 'discovery',
    citation: 'Cal. Civ. Code § 1798.82',
    verified_on: '2026-11-30',
    unverified: [],
    depends_on: [],
    reasoning: [],
    paused: [],
    ...o,
  };
}

const row = (computed: Obligation, rest: Partial<ObligationRow> = {}): ObligationRow => ({ computed, override: null, filing: null, ...rest });

const unanswered: Answer = {
  question: 'risk_of_harm',
  text: 'Is the breach likely to result in a risk to the people affected?',
  value: null,
  reason: '',
  by: '',
  at: '',
};

function report(rows: ObligationRow[], rest: Partial<ObligationsReport> = {}): ObligationsReport {
  return {
    rule_set: '2026.12.1',
    shipped_rule_set: '2026.12.1',
    snapshot: 'TS-0002',
    obligations: rows,
    questions: [unanswered],
    changes: [],
    notes: [],
    ...rest,
  };
}

const california = obligation({
  rule: 'US-CA.regulator',
  jurisdiction: 'US-CA',
  body: 'California Attorney General',
  people: 1240,
  residents: 1300,
  due: inDays(12),
  reasoning: ['1,240 California residents had a name with an account number exposed: more than 500.'],
});
const texas = obligation({ rule: 'US-TX.regulator', jurisdiction: 'US-TX', body: 'Texas Attorney General', people: 300, due: inDays(-3) });
const eu = obligation({
  rule: 'EU.regulator',
  jurisdiction: 'EU',
  body: 'Lead supervisory authority',
  outcome: 'required_if_risk',
  people: 12,
  clock: 'awareness',
  deadline: '72 hours',
  depends_on: [{ text: 'answer the question "Is the breach likely to result in a risk?" (risk_of_harm)', question: 'risk_of_harm', key_date: null }],
  unverified: ['the lead authority depends on the main establishment'],
});
const florida = obligation({ rule: 'US-FL.individuals', jurisdiction: 'US-FL', recipient: 'individuals', body: 'Florida residents', outcome: 'not_triggered', people: 4, due: inDays(20) });
// Words that name a question and a key date but are only a note: the row must not offer them.
const paused = [{ text: 'paused by LE-0001 since 2026-11-01 (risk_of_harm, discovery key date)', question: null, key_date: null }];
const japan = obligation({ rule: 'JP.regulator.final', jurisdiction: 'JP', body: 'Personal Information Protection Commission', people: 1500, due: null, depends_on: [{ text: 'set the discovery key date', question: null, key_date: 'discovery' }] });

describe('the obligations dashboard', () => {
  it('lists each obligation with its outcome, people, countdown and what it waits for, in plain words', async () => {
    backend(openCase({ affected_snapshots: () => [snapshot('TS-0002', '2026-11-21T10:00:00Z', 1316)], obligations_report: () => report([row(california), row(texas), row(eu), row({ ...florida, depends_on: paused }), row(japan)]) }));
    await openObligations();
    const rows = await screen.findAllByTestId('obligation-row');
    expect(rows).toHaveLength(5);
    const [ca, tx, euRow, fl, jp] = rows;
    expect(ca.textContent, 'the jurisdiction is named as well as coded').toContain('California');
    expect(ca.textContent).toContain('US-CA');
    expect(ca.textContent, 'people are counted with thousands separators').toContain('1,240');
    expect(within(ca).getByTestId('countdown').textContent).toBe('in 12 days');
    const overdue = within(tx).getByTestId('countdown');
    expect(overdue.textContent).toBe('3 days overdue');
    expect(overdue.classList.contains('overdue'), 'an overdue deadline is marked for red').toBe(true);
    expect(within(fl).getByTestId('outcome').textContent, 'not triggered is never worded as "do not notify"').toBe('Not required by statute');
    expect(within(fl).queryByTestId('countdown'), 'no countdown runs for a notice the statute does not require').toBeNull();
    expect(fl.textContent, 'a note is shown as it is').toContain('paused by LE-0001');
    expect(within(fl).queryByTestId('depends-answer') ?? within(fl).queryByTestId('depends-key-date'), 'what settles a wait comes from its codes, not its words').toBeNull();
    expect(within(euRow).getByTestId('unverified').textContent).toBe('unverified');
    expect(within(euRow).getByTestId('depends-answer'), 'an unanswered question can be answered from the row').toBeTruthy();
    expect(jp.textContent, 'no key date, no due date').toContain('No date');
    expect(within(jp).getByTestId('depends-key-date')).toBeTruthy();
    expect(screen.getByTestId('disclaimer').textContent).toContain('not legal advice');
  });

  it('shows the reasoning, citation and verified-on date when a row is opened', async () => {
    backend(openCase({ affected_snapshots: () => [snapshot('TS-0002', '2026-11-21T10:00:00Z', 1316)], obligations_report: () => report([row(california)]) }));
    const user = await openObligations();
    const toggle = await screen.findByTestId('obligation-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    const detail = screen.getByTestId('obligation-detail');
    expect(detail.textContent).toContain('more than 500');
    expect(detail.textContent).toContain('Cal. Civ. Code § 1798.82');
    expect(detail.textContent).toContain('2026-11-30');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
  });

  it('says to take a snapshot in Affected when there is none, and goes there', async () => {
    const calls = backend(openCase({ affected_snapshots: () => [] }));
    const user = await openObligations();
    await screen.findByTestId('obligations-empty');
    await user.keyboard('{Alt>}1{/Alt}');
    await user.keyboard('{Alt>}8{/Alt}');
    expect(screen.getByTestId('nav-obligations').getAttribute('aria-current'), 'Alt+8 opens the obligations').toBe('page');
    await user.click(await screen.findByTestId('obligations-to-affected'));
    expect(calls.some((c) => c.cmd === 'obligations_report'), 'nothing to evaluate without a snapshot').toBe(false);
    expect(screen.getByTestId('nav-affected').getAttribute('aria-current')).toBe('page');
  });

  it('refuses an override without a reason, then shows counsel\'s outcome beside the computed one', async () => {
    let current = report([row(california)]);
    const calls = backend(
      openCase({
        affected_snapshots: () => [snapshot('TS-0002', '2026-11-21T10:00:00Z', 1316)],
        obligations_report: () => current,
        obligations_override: (a) => {
          const o = { outcome: a.outcome, reason: a.reason, by: 'Ina Investigator', at: '2026-11-22T09:00:00Z' } as NonNullable<ObligationRow['override']>;
          current = report([row(california, { override: o })]);
          return o;
        },
      }),
    );
    const user = await openObligations();
    await user.click(await screen.findByTestId('obligation-toggle'));
    await user.click(screen.getByTestId('override-open'));
    await user.selectOptions(screen.getByLabelText('Outcome'), 'not_triggered');
    await user.click(screen.getByTestId('override-save'));
    expect(screen.getByTestId('override-problem').textContent).toContain('reason');
    expect(calls.some((c) => c.cmd === 'obligations_override'), 'no override is sent without its reason').toBe(false);
    await user.type(screen.getByLabelText('Reason (required)'), 'Data was encrypted at rest; memo of 2019-11-01');
    await user.click(screen.getByTestId('override-save'));
    expect(calls.find((c) => c.cmd === 'obligations_override')?.args).toEqual({
      rule: 'US-CA.regulator',
      outcome: 'not_triggered',
      reason: 'Data was encrypted at rest; memo of 2019-11-01',
    });
    const r = await screen.findByTestId('override');
    const ca = screen.getByTestId('obligation-row');
    expect(within(ca).getByTestId('outcome').textContent, 'the computed outcome stays').toBe('Required');
    expect(r.textContent).toContain('Not required by statute');
    expect(r.getAttribute('title'), 'the reason is on hover').toContain('memo of 2019-11-01');
  });

  it('checks the filing date, sends the filing and shows the row as filed with its reference and document', async () => {
    let current = report([row(california)]);
    const calls = backend(
      openCase({
        affected_snapshots: () => [snapshot('TS-0002', '2026-11-21T10:00:00Z', 1316)],
        obligations_report: () => current,
        pick_open: () => [chosen('/notices/ag.pdf')],
        obligations_file: (a) => {
          const input = a.input as { date: string; reference: string | null };
          const filing = { rule: 'US-CA.regulator', date: input.date, reference: input.reference ?? '', document: 'EV-0009', by: 'Ina Investigator', at: '2026-11-22T09:00:00Z' };
          current = report([row(california, { filing })]);
          return filing;
        },
      }),
    );
    const user = await openObligations();
    await user.click(await screen.findByTestId('obligation-toggle'));
    await user.click(screen.getByTestId('filing-open'));
    await user.type(screen.getByLabelText('Filed on'), '2019-11-31');
    await user.click(screen.getByTestId('filing-save'));
    expect(screen.getByTestId('filing-problem').textContent).toContain('not a calendar date');
    await user.clear(screen.getByLabelText('Filed on'));
    await user.type(screen.getByLabelText('Filed on'), '2019-11-05');
    await user.type(screen.getByLabelText('Reference (optional)'), 'AG-2019-7781');
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect(await screen.findByText('ag.pdf'), 'the chosen file shows by name').toBeTruthy();
    await user.click(screen.getByTestId('filing-save'));
    expect(calls.find((c) => c.cmd === 'obligations_file')?.args).toEqual({
      input: { rule: 'US-CA.regulator', date: '2019-11-05', reference: 'AG-2019-7781', document: 'token:/notices/ag.pdf' },
    });
    const due = await screen.findByTestId('filed');
    expect(due.textContent).toContain('2019-11-05');
    const cell = screen.getAllByTestId('due')[0];
    expect(cell.textContent).toContain('AG-2019-7781');
    expect(within(cell).getByTestId('filing-document').textContent).toBe('EV-0009');
    expect(within(cell).queryByTestId('countdown'), 'a filed notice has no countdown').toBeNull();
  });

  it('answers a question from the row that waits for it, with who and why', async () => {
    let current = report([row(eu)]);
    const calls = backend(
      openCase({
        affected_snapshots: () => [snapshot('TS-0002', '2026-11-21T10:00:00Z', 1316)],
        obligations_report: () => current,
        obligations_answer: (a) => {
          const answer = { ...unanswered, value: a.value as boolean, reason: a.reason as string, by: 'Ina Investigator', at: '2026-11-22T09:00:00Z' };
          current = report([row({ ...eu, outcome: 'required', depends_on: [] })], { questions: [answer] });
          return answer;
        },
      }),
    );
    const user = await openObligations();
    await user.click(await screen.findByTestId('depends-answer'));
    await user.click(screen.getByTestId('answer-save'));
    expect(calls.some((c) => c.cmd === 'obligations_answer'), 'an answer needs its reason').toBe(false);
    await user.click(screen.getByLabelText('Yes'));
    await user.type(screen.getByTestId('answer-reason'), 'Data sold to a third party: scam calls reported');
    await user.click(screen.getByTestId('answer-save'));
    expect(calls.find((c) => c.cmd === 'obligations_answer')?.args).toEqual({
      question: 'risk_of_harm',
      value: true,
      reason: 'Data sold to a third party: scam calls reported',
    });
    expect((await screen.findByTestId('question-answer')).textContent).toBe('Yes');
    expect(screen.getByTestId('question-who').textContent).toContain('Ina Investigator');
    expect(within(screen.getByTestId('obligation-row')).getByTestId('outcome').textContent).toBe('Required');
  });

  it('evaluates the snapshot chosen, and offers the newer rules only with a confirmation', async () => {
    const calls = backend(
      openCase({
        affected_snapshots: () => [snapshot('TS-0001', '2026-11-20T10:00:00Z', 900), snapshot('TS-0002', '2026-11-21T10:00:00Z', 1316)],
        obligations_report: (a) =>
          report([row(california)], {
            snapshot: (a.snapshot as string | null) ?? 'TS-0002',
            shipped_rule_set: '2027.01.1',
            changes: [{ rule: 'US-CA.regulator', change: 'now required: 1,240 residents cross the threshold of more than 500' }],
          }),
        obligations_adopt_rules: () => null,
      }),
    );
    const user = await openObligations();
    expect((await screen.findByTestId('changes')).textContent).toContain('cross the threshold');
    expect(calls.filter((c) => c.cmd === 'obligations_report').at(-1)?.args, 'the newest snapshot by default').toEqual({ snapshot: null });
    await user.selectOptions(screen.getByLabelText('Snapshot evaluated'), 'TS-0001');
    await screen.findAllByTestId('obligation-row');
    expect(calls.filter((c) => c.cmd === 'obligations_report').at(-1)?.args).toEqual({ snapshot: 'TS-0001' });
    await user.click(screen.getByTestId('adopt-rules'));
    expect(calls.some((c) => c.cmd === 'obligations_adopt_rules'), 'one click does not change the rules').toBe(false);
    await user.click(screen.getByTestId('adopt-rules-confirm'));
    expect(calls.some((c) => c.cmd === 'obligations_adopt_rules')).toBe(true);
  });
});

describe('a countdown', () => {
  const noon = new Date('2026-11-20T12:00:00');
  it('counts calendar days either side of the due date', () => {
    expect(daysUntil('2026-12-02', '2026-11-20')).toBe(12);
    expect(countdown('2026-11-21', noon)).toEqual({ text: 'in 1 day', overdue: false });
    expect(countdown('2026-11-20', noon)).toEqual({ text: 'due today', overdue: false });
    expect(countdown('2026-11-17', noon)).toEqual({ text: '3 days overdue', overdue: true });
  });

  it('counts hours in the last three days of a deadline set in hours', () => {
    const at = new Date(noon.getTime() + 41 * 3_600_000).toISOString();
    expect(countdown('2026-11-22', noon, at).text).toBe('in 41 hours');
    const past = new Date(noon.getTime() - 5 * 3_600_000).toISOString();
    expect(countdown('2026-11-20', noon, past)).toEqual({ text: '5 hours overdue', overdue: true });
  });
});
