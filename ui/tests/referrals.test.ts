import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { backend, openCase, overview } from './backend';
import { dueMark, referralRows } from '../src/components/referrals/list';
import { diffRows, diffSummary } from '../src/lib/linediff';
import { DelayDraft, FollowUpDraft, ReferralDraft, ShareDraft, wallTime } from '../src/components/referrals/drafts.svelte';
import type { DelayRequest, NotesVersion, Overview, Referral, ReferralAgenda, ReferralDetail, SharedItem } from '../src/lib/bindings';

const SHA = 'ab'.repeat(32);

function referral(id: string, rest: Partial<Referral> = {}): Referral {
  return {
    id,
    agency: 'FBI Chicago field office',
    unit: 'Cyber squad',
    channel: 'field_office_visit',
    when: { utc: '2019-10-31T14:00:00Z', tz: 'America/Chicago', local: '2019-10-31 09:00' },
    our_contact: 'T-0001',
    our_contact_name: 'Priya Raman',
    their_contact: { name: 'SA Dana Cole', badge: 'FBI-1147', phone: '+1 312 555 0100', email: 'dcole@fbi.example' },
    reference: 'CHI-2019-0577',
    offences: '18 U.S.C. §1030',
    status: 'active',
    created_at: '2019-10-31T15:00:00Z',
    created_by: 'Ina Investigator',
    ...rest,
  };
}

function shared(evidence: string, rest: Partial<SharedItem> = {}): SharedItem {
  return {
    seq: 1,
    referral_id: 'LE-0001',
    evidence_id: evidence,
    name: 'export.csv',
    form: 'copy',
    method: 'Encrypted USB drive',
    personal_data: false,
    legal_basis: '',
    sha256: SHA,
    custody_seq: 7,
    when: { utc: '2019-10-31T15:30:00Z', tz: 'America/Chicago', local: '2019-10-31 10:30' },
    recorded_by: 'Ina Investigator',
    ...rest,
  };
}

function delay(id: string, referral_id: string): DelayRequest {
  return {
    id,
    referral_id,
    agency: 'FBI Chicago field office',
    requested_on: '2019-10-31',
    from: '2019-10-31',
    until: null,
    written: false,
    document: null,
    jurisdictions: ['US-CA'],
    review_on: null,
    lifted_on: null,
    recorded_at: '2019-10-31T15:00:00Z',
    recorded_by: 'Ina Investigator',
  };
}

function detail(r: Referral, rest: Partial<ReferralDetail> = {}): ReferralDetail {
  return { referral: r, follow_ups: [], shared: [], legal_process: [], delays: [], notes: null, ...rest };
}

function version(n: number, text: string): NotesVersion {
  return {
    referral_id: 'LE-0001',
    version: n,
    text,
    sha256: String(n).repeat(64),
    drafted: n === 1,
    snapshot_id: n === 1 ? 'TS-0001' : '',
    saved_at: `2019-11-0${n}T10:00:00Z`,
    saved_by: 'Ina Investigator',
  };
}

const agenda = (rest: Partial<ReferralAgenda> = {}): ReferralAgenda => ({ open_follow_ups: [], legal_process_due: [], active_delays: [], ...rest });

function withAgenda(a: ReferralAgenda): Overview {
  return { ...overview(), referrals: a, team: [{ id: 'T-0001', name: 'Priya Raman', email: 'priya@example.org', role: 'lead_investigator', organisation: 'IR' }] };
}

async function openReferrals() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await user.click(await screen.findByTestId('nav-referrals'));
  return user;
}

describe('the referral list', () => {
  const le1 = referral('LE-0001');
  const le2 = referral('LE-0002', { agency: 'IC3', when: null, status: 'draft', reference: '' });
  const details = [
    detail(le1, {
      shared: [shared('EV-0001'), shared('EV-0003', { seq: 2 })],
      legal_process: [
        { id: 'LP-0001', referral_id: 'LE-0001', kind: 'subpoena', received: '2019-11-01', due: '2019-11-15', scope: 'logs', response: '', counsel: '', recorded_at: '', recorded_by: '' },
        { id: 'LP-0002', referral_id: 'LE-0001', kind: 'warrant', received: '2019-11-01', due: null, scope: 'x', response: 'Sent', counsel: '', recorded_at: '', recorded_by: '' },
      ],
    }),
    detail(le2),
  ];
  const now = agenda({
    active_delays: [delay('DR-0001', 'LE-0001')],
    open_follow_ups: [{ referral_id: 'LE-0001', agency: 'FBI', next_action: 'Send the July logs', due: '2019-11-11', overdue: true }],
  });

  it('counts what each referral holds and takes what is in force and overdue from the core', () => {
    const [a, b] = referralRows(details, now);
    expect(a.shared, 'two items handed over').toBe(2);
    expect(a.openProcess, 'only legal process without a response is open').toBe(1);
    expect(a.activeDelays).toBe(1);
    expect(a.next?.next_action).toBe('Send the July logs');
    expect(b.activeDelays, 'a delay belongs to its own referral only').toBe(0);
    expect(b.next, 'no follow-up, nothing waiting').toBeNull();
  });

  it('marks an overdue follow-up in words, not only in colour', () => {
    expect(dueMark({ referral_id: 'LE-0001', agency: 'FBI', next_action: 'x', due: '2019-11-11', overdue: true })).toEqual({
      text: 'due 2019-11-11 · overdue',
      overdue: true,
    });
    expect(dueMark({ referral_id: 'LE-0001', agency: 'FBI', next_action: 'x', due: '2030-01-01', overdue: false }).text).toBe('due 2030-01-01');
    expect(dueMark({ referral_id: 'LE-0001', agency: 'FBI', next_action: 'x', due: null, overdue: false }).text).toBe('no due date');
  });

  it('shows each referral with its counts and the overdue follow-up marked', async () => {
    backend(openCase({ case_open: () => withAgenda(now), case_overview: () => withAgenda(now), referral_list: () => [le1, le2], referral_detail: (a) => details.find((d) => d.referral.id === a.id) }));
    await openReferrals();
    const rows = await screen.findAllByTestId('referral-row');
    expect(rows).toHaveLength(2);
    const [a, b] = rows;
    expect(within(a).getByTestId('referral-reference').textContent).toBe('CHI-2019-0577');
    expect(within(a).getByTestId('referral-shared-count').textContent).toBe('2');
    expect(within(a).getByTestId('referral-delay-count').textContent).toBe('1');
    const due = within(a).getByTestId('referral-due');
    expect(due.textContent).toBe('due 2019-11-11 · overdue');
    expect(due.classList.contains('overdue'), 'overdue is marked for red too').toBe(true);
    expect(a.textContent, 'the time as entered, with its zone').toContain('2019-10-31 09:00');
    expect(a.textContent).toContain('America/Chicago');
    expect(b.textContent, 'a draft has no date yet').toContain('not made yet');
  });
});

describe('a new referral', () => {
  it('names the missing agency, then sends the form as the core takes it', async () => {
    let recorded: Referral | null = null;
    const calls = backend(
      openCase({
        case_open: () => withAgenda(agenda()),
        case_overview: () => withAgenda(agenda()),
        referral_list: () => (recorded ? [recorded] : []),
        referral_detail: () => detail(recorded!),
        referral_notes: () => [],
        referral_add: () => (recorded = referral('LE-0001')),
      }),
    );
    const user = await openReferrals();
    await screen.findByTestId('referrals-empty');
    await user.click(screen.getByTestId('referral-new'));
    expect(document.activeElement, 'the keyboard goes to the first field').toBe(screen.getByTestId('referral-agency'));
    await user.click(screen.getByTestId('referral-save'));
    expect((await screen.findByRole('alert')).textContent).toContain('Agency');
    expect(calls.some((c) => c.cmd === 'referral_add')).toBe(false);

    await user.type(screen.getByTestId('referral-agency'), 'FBI Chicago field office');
    await user.selectOptions(screen.getByTestId('referral-channel'), 'ic3_complaint');
    await user.clear(screen.getByTestId('referral-tz'));
    await user.type(screen.getByTestId('referral-tz'), 'America/Chicago');
    await user.type(screen.getByTestId('referral-when'), '2019-10-31 09:00');
    await user.selectOptions(screen.getByTestId('referral-our-contact'), 'T-0001');
    await user.type(screen.getByTestId('referral-reference-input'), 'I3-2019-11{Enter}');
    const sent = calls.find((c) => c.cmd === 'referral_add')?.args.referral;
    expect(sent, 'Enter submits the form').toEqual({
      agency: 'FBI Chicago field office',
      unit: null,
      channel: 'ic3_complaint',
      when: '2019-10-31 09:00',
      tz: 'America/Chicago',
      our_contact: 'T-0001',
      their_contact: null,
      reference: 'I3-2019-11',
      offences: null,
      status: null,
    });
    expect((await screen.findByTestId('referrals-notice')).textContent).toContain('LE-0001 recorded');
    expect(await screen.findByTestId('referral-detail'), 'the new referral opens').toBeTruthy();
  });

  it('closes on Escape without sending anything', async () => {
    const calls = backend(openCase({ referral_list: () => [] }));
    const user = await openReferrals();
    await user.click(await screen.findByTestId('referral-new'));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('referral-form')).toBeNull();
    expect(document.activeElement, 'focus returns to the button').toBe(screen.getByTestId('referral-new'));
    expect(calls.some((c) => c.cmd === 'referral_add')).toBe(false);
  });
});

describe('the referral drafts', () => {
  it('accept a date and time as YYYY-MM-DD HH:MM only when it is real', () => {
    expect(wallTime('2019-10-31 09:00')).toBe('2019-10-31 09:00');
    expect(wallTime('2019-10-31T09:00')).toBe('2019-10-31 09:00');
    expect(wallTime('2019-02-30 09:00')).toBeNull();
    expect(wallTime('2019-10-31 24:00')).toBeNull();
    expect(wallTime('31/10/2019')).toBeNull();
  });

  it('refuse a referral marked made without when it was made, and a malformed e-mail', () => {
    const d = new ReferralDraft();
    d.agency = 'USSS';
    d.status = 'acknowledged';
    expect(d.problem()).toContain('When');
    d.status = 'draft';
    expect(d.problem()).toBeNull();
    d.theirEmail = 'agent at usss';
    expect(d.problem()).toContain('Their e-mail');
  });

  it('round-trip a recorded referral for editing', () => {
    const input = ReferralDraft.of(referral('LE-0001')).input();
    expect(input.when).toBe('2019-10-31 09:00');
    expect(input.tz).toBe('America/Chicago');
    expect(input.their_contact).toEqual({ name: 'SA Dana Cole', badge: 'FBI-1147', phone: '+1 312 555 0100', email: 'dcole@fbi.example' });
    expect(input.status).toBe('active');
  });

  it('need a legal basis when personal data was handed over', () => {
    const s = new ShareDraft();
    expect(s.problem()).toContain('Evidence item');
    s.evidence = 'EV-0001';
    s.personalData = true;
    expect(s.problem()).toContain('Legal basis');
    s.legalBasis = 'Crime prevention disclosure';
    expect(s.problem()).toBeNull();
    expect(s.input('LE-0001')).toMatchObject({ evidence_id: 'EV-0001', personal_data: true, legal_basis: 'Crime prevention disclosure', when: null, tz: null, export_to: null });
  });

  it('need jurisdictions, dates in order and a written copy for a written delay', () => {
    const d = new DelayDraft();
    d.from = '2019-11-04';
    d.until = '2019-11-01';
    expect(d.problem()).toContain('ends before it starts');
    d.until = '';
    expect(d.problem()).toContain('Jurisdictions');
    d.jurisdictions = ['US-CA'];
    d.written = true;
    expect(d.problem()).toContain('Written copy');
    d.written = false;
    expect(d.problem()).toBeNull();
    expect(d.input('LE-0001')).toEqual({
      referral_id: 'LE-0001',
      requested_on: null,
      from: '2019-11-04',
      until: null,
      jurisdictions: ['US-CA'],
      written_copy: null,
      review_on: null,
    });
  });

  it('need the next action a follow-up due date is for', () => {
    const f = new FollowUpDraft();
    f.note = 'Agent called back';
    f.due = '2019-11-11';
    expect(f.problem()).toContain('Next action');
    f.due = '11/11/2019';
    expect(f.problem()).toContain('YYYY-MM-DD');
  });
});

describe('the referral notes', () => {
  it('sign each changed line, so a diff reads without colour', () => {
    const lines = diffRows([
      { change: 'same', text: 'Summary' },
      { change: 'removed', text: 'old' },
      { change: 'added', text: 'new' },
    ]);
    expect(lines.map((l) => ('sign' in l ? l.sign : l.kind))).toEqual([' ', '−', '+']);
    expect(diffSummary([{ change: 'added', text: 'a' }])).toBe('1 line added, 0 lines removed.');
    expect(diffSummary([{ change: 'same', text: 'a' }])).toBe('No change between these versions.');
  });

  it('leave out long runs of unchanged lines, keeping two either side of a change', () => {
    const same = (n: number) => Array.from({ length: n }, (_, i) => ({ change: 'same' as const, text: `line ${i}` }));
    const lines = [...same(10), { change: 'added' as const, text: 'new' }, ...same(5)];
    const rows = diffRows(lines);
    expect(rows[0], 'eight lines before the change are left out, counted').toEqual({ kind: 'skip', count: 8 });
    expect(rows.filter((r) => r.kind !== 'skip').map((r) => ('text' in r ? r.text : ''))).toEqual(['line 8', 'line 9', 'new', 'line 0', 'line 1']);
    expect(rows.at(-1)).toEqual({ kind: 'skip', count: 3 });
    expect(diffRows(lines, null), 'every line on request').toHaveLength(16);
  });

  it('are drafted from the case with the snapshot named, saved as the next version, and compared', async () => {
    const le1 = referral('LE-0001');
    let versions = [version(1, 'Summary\nold line\n')];
    const calls = backend(
      openCase({
        referral_list: () => [le1],
        referral_detail: () => detail(le1, { notes: versions.at(-1)! }),
        referral_notes: () => versions,
        referral_notes_draft: () => ({ text: 'Summary\nfresh figures\n', snapshot_id: 'TS-0002' }),
        referral_notes_save: (a) => {
          versions = [...versions, version(2, a.text as string)];
          return versions.at(-1);
        },
        referral_notes_diff: () => ({
          referral_id: 'LE-0001',
          from: 1,
          to: 2,
          lines: [
            { change: 'same', text: 'Summary' },
            { change: 'removed', text: 'old line' },
            { change: 'added', text: 'fresh figures' },
          ],
        }),
      }),
    );
    const user = await openReferrals();
    await user.click(await screen.findByTestId('referral-open'));
    const editor = (await screen.findByTestId('notes-text')) as HTMLTextAreaElement;
    await screen.findByTestId('notes-version');
    expect(editor.value, 'the editor starts from the current version').toBe('Summary\nold line\n');
    expect(screen.getByTestId('notes-save').textContent).toContain('Save as version 2');

    await user.click(screen.getByTestId('notes-save'));
    expect((await screen.findByRole('alert')).textContent, 'an unchanged text is not a new version').toContain('unchanged');

    await user.click(screen.getByTestId('notes-draft'));
    expect((await screen.findByTestId('notes-draft-source')).textContent).toContain('TS-0002');
    expect(editor.value).toBe('Summary\nfresh figures\n');
    await user.click(screen.getByTestId('notes-save'));
    expect(calls.find((c) => c.cmd === 'referral_notes_save')?.args).toEqual({ id: 'LE-0001', text: 'Summary\nfresh figures\n' });
    expect((await screen.findByTestId('notes-notice')).textContent).toContain('Version 2 saved');

    const diff = await screen.findByTestId('notes-diff');
    const lines = within(diff).getAllByTestId('diff-line');
    expect(lines.map((l) => l.getAttribute('data-change'))).toEqual(['same', 'removed', 'added']);
    expect(lines[1].textContent).toContain('−');
    expect(lines[2].textContent).toContain('+');
    expect(lines[2].classList.contains('added'), 'added lines are coloured as well as signed').toBe(true);
    expect(screen.getAllByTestId('notes-version-sha256').map((h) => h.textContent)).toEqual(['2'.repeat(64), '1'.repeat(64)]);
  });
});

describe('handing over evidence', () => {
  it('lists each item with its full SHA-256 and records a hand-over with the legal basis', async () => {
    const le1 = referral('LE-0001');
    const calls = backend(
      openCase({
        referral_list: () => [le1],
        referral_detail: () => detail(le1, { shared: [shared('EV-0001')] }),
        referral_notes: () => [],
        evidence_list: () => [{ id: 'EV-0002', original_name: 'audit.log' }],
        referral_share: () => shared('EV-0002', { seq: 2, custody_seq: 9 }),
      }),
    );
    const user = await openReferrals();
    await user.click(await screen.findByTestId('referral-open'));
    expect((await screen.findByTestId('shared-sha256')).textContent, 'never shortened').toBe(SHA);

    await user.click(screen.getByTestId('share-new'));
    await user.selectOptions(await screen.findByTestId('share-evidence'), 'EV-0002');
    await user.click(screen.getByTestId('share-personal'));
    await user.click(screen.getByTestId('share-save'));
    const shares = screen.getByTestId('referral-shares');
    expect(within(shares).getByRole('alert').textContent).toContain('Legal basis');
    await user.type(screen.getByTestId('share-basis'), 'Disclosure to prevent crime');
    await user.click(screen.getByTestId('share-save'));
    expect(calls.find((c) => c.cmd === 'referral_share')?.args.share).toMatchObject({
      referral_id: 'LE-0001',
      evidence_id: 'EV-0002',
      form: 'copy',
      personal_data: true,
      legal_basis: 'Disclosure to prevent crime',
    });
    expect((await screen.findByTestId('share-notice')).textContent).toContain('custody entry #9');
  });
});
