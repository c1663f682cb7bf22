import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { backend, chosen, openCase, vocab } from './backend';
import type { HarmImport, HarmImportReport, HarmPreview, HarmReport, HarmTally, Vocabularies } from '../src/lib/bindings';
import { Failure } from '../src/lib/api';
import { money } from '../src/lib/format';
import { channelBars, fieldMaps, fieldProblem, HarmDraft, HarmTable, mappingOf, matchedBy, weekBars, weekStart } from '../src/components/harm/reports.svelte';

const term = <T extends string>(code: T, label: string) => ({ code, label });

// Every field the form and the import name, so a test can point at any of them.
const harmVocab: Vocabularies = {
  ...vocab,
  harm_field: [
    term('when', 'When'),
    term('tz', 'Time zone'),
    term('channel', 'Channel'),
    term('caller_claimed', 'What the caller claimed'),
    term('data_quoted', 'Data quoted'),
    term('ticket', 'Ticket number quoted'),
    term('loss', 'Money lost'),
    term('currency', 'Currency'),
    term('email', "Reporter's e-mail"),
  ],
};

function report(id: string, over: Partial<HarmReport> = {}): HarmReport {
  return {
    id,
    when: { utc: '2019-08-01T13:00:00Z', tz: 'America/New_York', local: '2019-08-01 09:00' },
    channel: 'phone_call',
    kind: 'scam_call',
    source: 'customer',
    caller_claimed: 'Northwind support, calling about your open ticket',
    data_quoted: ['ticket', 'name'],
    ticket: '',
    quoted_email: '',
    quoted_phone: '',
    loss: null,
    police_reference: '',
    email: '',
    phone: '',
    phone_e164: '',
    notes: '',
    import_id: null,
    row: null,
    created_by: 'Ina Investigator',
    person_id: null,
    matched_by: null,
    quotes_stolen_data: false,
    ...over,
  };
}

function tally(over: Partial<HarmTally> = {}): HarmTally {
  return {
    reports: 0,
    matched: 0,
    unmatched: 0,
    quoting_stolen_data: 0,
    quoting_share_percent: '0.0',
    by_week: {},
    by_channel: {},
    by_kind: {},
    by_source: {},
    with_loss: 0,
    loss_total: [],
    reported_to_police: 0,
    first_day: null,
    last_day: null,
    ...over,
  };
}

const reports = [
  report('HR-0001', { ticket: 'SR-1', person_id: 'P-aa', matched_by: 'ticket', quotes_stolen_data: true, loss: { currency: 'USD', amount: '1249.99' } }),
  report('HR-0002', {
    when: { utc: '2019-08-20T15:00:00Z', tz: 'UTC', local: '2019-08-20 15:00' },
    channel: 'sms',
    kind: 'phishing',
    police_reference: 'PD-2019-04101',
  }),
  report('HR-0003', { when: { utc: '2019-08-09T10:00:00Z', tz: 'UTC', local: '2019-08-09 10:00' }, person_id: 'P-bb', matched_by: 'email' }),
];

const twoWeeks = tally({
  reports: 3,
  matched: 2,
  unmatched: 1,
  quoting_stolen_data: 1,
  quoting_share_percent: '33.3',
  by_week: { '2019-W34': 1, '2019-W31': 1, '2019-W32': 1 },
  by_channel: { phone_call: 2, sms: 1 },
  with_loss: 1,
  loss_total: [{ currency: 'USD', amount: '1249.99' }],
  reported_to_police: 1,
  first_day: '2019-08-01',
  last_day: '2019-08-20',
});

async function openHarm() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await screen.findByTestId('nav-harm');
  // Alt+0 reaches the view from anywhere.
  await user.keyboard('{Alt>}0{/Alt}');
  await screen.findByTestId('harm-figures');
  return user;
}

const rowIds = () => screen.getAllByTestId('harm-row').map((r) => r.dataset.id);

describe('the harm view logic', () => {
  it('filters reports by channel and by match, and orders them by date either way', () => {
    const t = new HarmTable();
    t.reports = reports;
    expect(t.shown.map((r) => r.id), 'newest first by default').toEqual(['HR-0002', 'HR-0003', 'HR-0001']);
    t.newestFirst = false;
    expect(t.shown.map((r) => r.id)).toEqual(['HR-0001', 'HR-0003', 'HR-0002']);
    t.match = 'unmatched';
    expect(t.shown.map((r) => r.id)).toEqual(['HR-0002']);
    t.match = 'matched';
    t.channel = 'phone_call';
    expect(t.shown.map((r) => r.id)).toEqual(['HR-0001', 'HR-0003']);
    t.clear();
    expect(t.shown).toHaveLength(3);
  });

  it('labels ISO weeks by their Monday and keeps them in calendar order', () => {
    expect(weekStart('2019-W31'), 'week 31 of 2019 starts on Monday 29 July').toBe('2019-07-29');
    expect(weekStart('2020-W01'), 'week 1 of 2020 starts in 2019').toBe('2019-12-30');
    expect(weekStart('2019-W43')).toBe('2019-10-21');
    expect(weekBars(twoWeeks).map((b) => [b.key, b.label, b.count])).toEqual([
      ['2019-W31', 'Week of 2019-07-29', 1],
      ['2019-W32', 'Week of 2019-08-05', 1],
      ['2019-W34', 'Week of 2019-08-19', 1],
    ]);
    expect(channelBars(twoWeeks, vocab.harm_channel).map((b) => b.label)).toEqual(['Phone call', 'SMS / text message']);
  });

  it('writes amounts exactly with thousands separators and the currency the core gave', () => {
    expect(money({ currency: 'USD', amount: '9899.94' })).toBe('9,899.94 USD');
    expect(money({ currency: 'JPY', amount: '1200000' }), 'a currency without minor units').toBe('1,200,000 JPY');
    expect(money({ currency: 'EUR', amount: '-1234567.05' })).toBe('-1,234,567.05 EUR');
  });

  it('says how a report matched in the core vocabulary, or nothing when it did not', () => {
    expect(matchedBy(reports[0], vocab.matched_by)).toBe('by Ticket number');
    expect(matchedBy(reports[1], vocab.matched_by)).toBeNull();
  });

  it('checks the date and currency before asking the core, and sends every field trimmed', () => {
    const d = new HarmDraft();
    expect(d.problem()?.field, 'a report needs its date').toBe('when');
    d.when = ' 2019-08-03 14:05 ';
    d.currency = 'dollars';
    expect(d.problem()?.field).toBe('currency');
    expect(d.problem()?.message).toContain('ISO 4217');
    d.currency = 'eur';
    expect(d.problem(), 'a currency without an amount says what is missing').toEqual({ field: 'loss', message: expect.stringContaining('amount') });
    d.loss = ' 1,200 ';
    d.tz = 'Europe/Paris';
    d.email = ' Ana@Example.com ';
    d.data_quoted = ['ticket'];
    expect(d.problem()).toBeNull();
    expect(d.input()).toMatchObject({ when: '2019-08-03 14:05', tz: 'Europe/Paris', loss: '1,200', currency: 'EUR', email: 'Ana@Example.com', data_quoted: ['ticket'] });
  });

  it('turns an invalid error that names a form field into that field and its labelled reason', () => {
    const e = new Failure({ kind: 'invalid', message: 'loss: "12x" is not an amount', field: 'loss' });
    expect(fieldProblem(e, harmVocab.harm_field)).toEqual({ field: 'loss', message: 'Money lost: "12x" is not an amount' });
    expect(fieldProblem(new Failure({ kind: 'invalid', message: 'mapping: bad', field: 'mapping' }), harmVocab.harm_field), 'not a form field').toBeNull();
    expect(fieldProblem(new Failure({ kind: 'io', message: 'disk full' }), harmVocab.harm_field)).toBeNull();
  });

  it('converts the import mapping both ways, one column a field, unmapped fields left out', () => {
    const m = mappingOf(harmVocab.harm_field, [
      { field: 'email', column: 'Mail' },
      { field: 'when', column: 'date' },
    ]);
    expect(m.when).toBe('date');
    expect(m.loss).toBe('');
    m.loss = 'amount';
    expect(fieldMaps(harmVocab.harm_field, m), 'in vocabulary order').toEqual([
      { field: 'when', column: 'date' },
      { field: 'loss', column: 'amount' },
      { field: 'email', column: 'Mail' },
    ]);
  });
});

describe('the harm view', () => {
  it('shows the tally, the weekly chart in calendar order and the reports with their match', async () => {
    backend(
      openCase({
        vocabularies: () => harmVocab,
        harm_tally: () => twoWeeks,
        harm_list: () => reports,
        harm_imports: () => [],
      }),
    );
    const user = await openHarm();
    expect(screen.getByTestId('nav-harm').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('harm-reports').textContent).toBe('3');
    expect(screen.getByTestId('harm-matched').textContent).toBe('2');
    expect(screen.getByTestId('harm-unmatched').textContent).toBe('1');
    expect(screen.getByTestId('harm-quoting').textContent).toBe('33.3%');
    expect(screen.getByTestId('harm-loss-total').textContent?.trim()).toBe('1,249.99 USD');
    const weeks = screen.getAllByTestId('chart-harm-week-bar').map((b) => b.dataset.key);
    expect(weeks, 'a time series stays in time order').toEqual(['2019-W31', '2019-W32', '2019-W34']);

    expect(rowIds()).toEqual(['HR-0002', 'HR-0003', 'HR-0001']);
    const first = screen.getAllByTestId('harm-row').find((r) => r.dataset.id === 'HR-0001')!;
    expect(within(first).getByTestId('harm-match').textContent).toContain('P-aa');
    expect(within(first).getByTestId('harm-match').textContent).toContain('by Ticket number');
    expect(first.textContent).toContain('1,249.99 USD');
    expect(first.textContent, 'the data quoted in the core labels').toContain('Ticket number, Name');
    const second = screen.getAllByTestId('harm-row').find((r) => r.dataset.id === 'HR-0002')!;
    expect(within(second).getByTestId('harm-match').textContent?.trim()).toBe('unmatched');

    await user.click(screen.getByTestId('harm-sort-when'));
    expect(rowIds(), 'oldest first after one click').toEqual(['HR-0001', 'HR-0003', 'HR-0002']);
    await user.selectOptions(screen.getByTestId('harm-filter-match'), 'unmatched');
    expect(rowIds()).toEqual(['HR-0002']);
    expect(screen.getByTestId('harm-shown').textContent).toContain('1 of 3 reports');
    await user.selectOptions(screen.getByTestId('harm-filter-match'), '');
    // A channel bar filters the table to that channel.
    const sms = screen.getAllByTestId('chart-harm-channel-bar').find((b) => b.dataset.key === 'sms')!;
    await user.click(sms);
    expect(rowIds()).toEqual(['HR-0002']);
  });

  it('adds a report, shows a bad value under its own field, and reloads the figures after it is saved', async () => {
    const added: unknown[] = [];
    let saved = false;
    const calls = backend(
      openCase({
        vocabularies: () => harmVocab,
        harm_tally: () => (saved ? tally({ reports: 1, matched: 1 }) : tally()),
        harm_list: () =>
          saved ? [report('HR-0001', { person_id: 'P-cc', matched_by: 'email', email: 'customer7@example.com' })] : [],
        harm_imports: () => [],
        harm_add: (a) => {
          added.push(a.input);
          const input = a.input as { loss: string };
          if (input.loss === '12x') throw { kind: 'invalid', message: 'loss: "12x" is not an amount; write it like 249.99', field: 'loss' };
          saved = true;
          return report('HR-0001', { person_id: 'P-cc', matched_by: 'email' });
        },
      }),
    );
    const user = await openHarm();
    expect(screen.getByText(/No harm reports yet/)).toBeTruthy();
    await user.click(screen.getByTestId('harm-add-open'));
    const when = screen.getByTestId('harm-when');
    expect(document.activeElement, 'the form opens on its first field').toBe(when);

    // Enter submits; the form's own check comes first.
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('harm-problem').textContent).toContain('Enter when it happened');
    expect(when.getAttribute('aria-invalid')).toBe('true');
    expect(added, 'nothing sent without a date').toHaveLength(0);

    await user.type(when, '2019-08-03 14:05');
    await user.type(screen.getByTestId('harm-email'), 'customer7@example.com');
    await user.click(screen.getByTestId('harm-quoted-email'));
    await user.type(screen.getByTestId('harm-loss'), '12x');
    await user.click(screen.getByTestId('harm-save'));
    const problem = await screen.findByTestId('harm-problem');
    expect(problem.textContent, "the core's reason under the field's label").toBe('Money lost: "12x" is not an amount; write it like 249.99');
    expect(document.activeElement, 'the bad field takes focus').toBe(screen.getByTestId('harm-loss'));
    expect(screen.getByTestId('harm-loss').getAttribute('aria-describedby')).toContain('harm-problem');

    await user.clear(screen.getByTestId('harm-loss'));
    await user.type(screen.getByTestId('harm-loss'), '250{Enter}');
    await vi.waitFor(() => expect(screen.queryByTestId('harm-form')).toBeNull());
    expect(added[1]).toMatchObject({ when: '2019-08-03 14:05', email: 'customer7@example.com', data_quoted: ['email'], loss: '250' });
    await vi.waitFor(() => expect(screen.getByTestId('harm-matched').textContent).toBe('1'));
    expect(calls.filter((c) => c.cmd === 'harm_tally').length, 'the tally reloaded after the save').toBeGreaterThan(1);
    expect(within(screen.getAllByTestId('harm-row')[0]).getByTestId('harm-match').textContent).toContain('by E-mail');
  });

  it('closes the form with Escape without saving', async () => {
    const calls = backend(openCase({ vocabularies: () => harmVocab, harm_tally: () => tally(), harm_list: () => [], harm_imports: () => [] }));
    const user = await openHarm();
    await user.click(screen.getByTestId('harm-add-open'));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('harm-form')).toBeNull();
    expect(calls.some((c) => c.cmd === 'harm_add')).toBe(false);
  });

  it('imports a file with the suggested mapping, shows progress, then counts that add up and the rejects masked', async () => {
    const preview: HarmPreview = {
      shape: { format: 'delimited', encoding: 'utf-8', delimiter: ',', sheet: '', sheets: [] },
      headers: ['date', 'channel', 'email', 'amount'],
      rows: [['2019-08-01 09:00', 'phone', 'ana@example.com', '$20']],
      lines: [2],
      mapping: [
        { field: 'when', column: 'date' },
        { field: 'channel', column: 'channel' },
        { field: 'email', column: 'email' },
      ],
    };
    const done: HarmImport = {
      id: 'HI-0001',
      file_name: 'calls.csv',
      evidence_id: 'EV-0004',
      sha256: 'b'.repeat(64),
      mapping: [],
      rows_read: 5,
      accepted: 3,
      rejected: 1,
      blank: 1,
      imported_at: '2026-12-03T18:00:00Z',
      imported_by: 'Ina Investigator',
    };
    let request: Record<string, unknown> | null = null;
    let taskId = '';
    let finish!: (r: HarmImportReport) => void;
    let imported = false;
    backend(
      openCase({
        vocabularies: () => harmVocab,
        harm_tally: () => (imported ? tally({ reports: 3 }) : tally()),
        harm_list: () => [],
        harm_imports: () => (imported ? [done] : []),
        pick_open: () => [chosen('/media/usb/calls.csv')],
        harm_preview: () => preview,
        harm_import: (a) => {
          request = a.request as Record<string, unknown>;
          taskId = a.taskId as string;
          return new Promise((resolve) => (finish = resolve));
        },
        harm_rejects: () => [{ row: 4, field: 'email', problem: 'is not an e-mail address (no @)', value: 'b***' }],
      }),
    );
    const user = await openHarm();
    await user.click(screen.getByTestId('harm-import-open'));
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect((await screen.findByTestId('import-preview-table')).textContent).toContain('ana@example.com');
    await user.click(screen.getByTestId('import-next'));
    expect((screen.getByTestId('harm-map-when') as HTMLSelectElement).value, 'suggested from the header').toBe('date');
    expect((screen.getByTestId('harm-map-loss') as HTMLSelectElement).value).toBe('');
    await user.selectOptions(screen.getByTestId('harm-map-loss'), 'amount');
    await user.clear(screen.getByLabelText('Time zone of the times in the file'));
    await user.type(screen.getByLabelText('Time zone of the times in the file'), 'America/New_York');
    await user.click(screen.getByTestId('harm-import-start'));

    await vi.waitFor(() => expect(taskId).not.toBe(''));
    expect(request).toEqual({
      path: 'token:/media/usb/calls.csv',
      shape: { encoding: 'utf-8', delimiter: ',', sheet: null },
      mapping: [
        { field: 'when', column: 'date' },
        { field: 'channel', column: 'channel' },
        { field: 'loss', column: 'amount' },
        { field: 'email', column: 'email' },
      ],
      tz: 'America/New_York',
      source: null,
    });
    await emit('task-progress', { task_id: taskId, label: 'Importing harm reports', done: 1, total: 4, rate: 10, eta_seconds: 1, items: 2, item_rate: 2 });
    expect((await screen.findByTestId('task-items')).textContent).toBe('2 rows');

    imported = true;
    finish({ import: done, rejects: [{ row: 4, field: 'email', problem: 'is not an e-mail address (no @)', value: 'b***' }] });
    const result = await screen.findByTestId('harm-import-result');
    expect(result.textContent?.replace(/\s+/g, ' ').trim()).toBe('5 rows read = 3 accepted + 1 rejected + 1 blank');
    const reject = screen.getByTestId('reject-row');
    expect(reject.textContent, 'the field in the harm vocabulary').toContain("Reporter's e-mail");
    expect(reject.textContent, 'the value only as the core masked it').toContain('b***');

    await user.click(screen.getByTestId('harm-import-done'));
    const row = await screen.findByTestId('harm-import-row');
    expect(row.textContent).toContain('HI-0001');
    // An earlier import's rejects open from its count.
    await user.click(within(row).getByRole('button', { name: '1' }));
    const again = await screen.findByTestId('reject-row');
    expect(again.querySelector('td')?.textContent, 'the file line').toBe('4');
    expect(again.textContent).toContain('b***');
  });

  it('keeps the Import button off until When is mapped', async () => {
    backend(
      openCase({
        vocabularies: () => harmVocab,
        harm_tally: () => tally(),
        harm_list: () => [],
        harm_imports: () => [],
        pick_open: () => [chosen('/media/usb/calls.csv')],
        harm_preview: () => ({
          shape: { format: 'delimited', encoding: 'utf-8', delimiter: ',', sheet: '', sheets: [] },
          headers: ['Reported', 'Mail'],
          rows: [['yesterday', 'x@example.com']],
          lines: [2],
          mapping: [],
        }),
      }),
    );
    const user = await openHarm();
    await user.click(screen.getByTestId('harm-import-open'));
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    await user.click(await screen.findByTestId('import-next'));
    expect((screen.getByTestId('harm-import-start') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('When');
    await user.selectOptions(screen.getByTestId('harm-map-when'), 'Reported');
    expect((screen.getByTestId('harm-import-start') as HTMLButtonElement).disabled).toBe(false);
  });
});
