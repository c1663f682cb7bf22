import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { backend, chosen, openCase } from './backend';
import type {
  AffectedSummary,
  Batch,
  Breakdown,
  ImportReport,
  PeoplePage,
  PeopleQuery,
  PersonRow,
  Preview,
} from '../src/lib/bindings';

async function openTheCase() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await screen.findByTestId('nav-affected');
  return user;
}

function breakdown(tally: Partial<Breakdown['tally']> = {}, rest: Partial<Omit<Breakdown, 'tally'>> = {}): Breakdown {
  return {
    tally: { people: 0, records: 0, by_country: {}, by_us_state: {}, by_segment: {}, by_element: {}, minors: 0, ...tally },
    by_ca_province: {},
    by_notice_status: {},
    rule: 'email',
    ...rest,
  };
}

function summary(b: Breakdown = breakdown(), batches: Batch[] = [], places: Partial<AffectedSummary['places']> = {}): AffectedSummary {
  return {
    breakdown: b,
    places: { country: {}, us_state: {}, ca_province: {}, ...places },
    batches,
    snapshots: [],
    elements: [
      { key: 'email', label: 'E-mail address', custom: false },
      { key: 'payment_card', label: 'Payment card', custom: false },
      { key: 'loyalty_tier', label: 'Loyalty tier', custom: true },
    ],
    rule: 'email',
  };
}

const shape = { format: 'delimited' as const, encoding: 'utf-8' as const, delimiter: ',', sheet: '', sheets: [] };

const preview: Preview = {
  shape,
  headers: ['Full Name', 'E-mail Address', 'Tel', 'Country'],
  rows: [
    ['Ana Souza', 'ana@example.com', '+1 512 555 0100', 'US'],
    ['Bo Li', 'bo@example.com', '', 'CA'],
  ],
  lines: [2, 5],
  mapping: [
    { field: 'name', column: 'Full Name' },
    { field: 'email', column: 'E-mail Address' },
    { field: 'country', column: 'Country' },
  ],
  mapping_from: 'suggested',
};

const batch: Batch = {
  id: 'IB-0001',
  file_name: 'export.csv',
  evidence_id: 'EV-0001',
  sha256: 'a'.repeat(64),
  shape,
  mapping: preview.mapping,
  rows_read: 7,
  accepted: 5,
  rejected: 1,
  blank: 1,
  warnings: [],
  imported_at: '2026-11-20T10:00:00Z',
  imported_by: 'Ina Investigator',
  removed_at: null,
  removed_by: null,
  removed_reason: null,
};

describe('the import wizard', () => {
  it('goes from preview to mapping to an import with progress, and shows every row accounted for', async () => {
    const previews: unknown[] = [];
    let request: Record<string, unknown> | null = null;
    let taskId = '';
    let finish!: (r: ImportReport) => void;
    let imported = false;
    const calls = backend(
      openCase({
        affected_summary: () => (imported ? summary(breakdown({ people: 4, records: 5 }), [batch]) : summary()),
        pick_open: () => [chosen('/media/usb/export.csv')],
        affected_preview: (a) => {
          previews.push(a);
          const delimiter = (a.shape as { delimiter: string | null }).delimiter ?? ',';
          return { ...preview, shape: { ...shape, delimiter } };
        },
        affected_import: (a) => {
          request = a.request as Record<string, unknown>;
          taskId = a.taskId as string;
          return new Promise((resolve) => (finish = resolve));
        },
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-affected'));
    await user.click(await screen.findByTestId('import-open'));

    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    const table = await screen.findByTestId('import-preview-table');
    expect(table.textContent).toContain('E-mail Address');
    expect(table.textContent).toContain('ana@example.com');
    expect(previews[0]).toEqual({ file: 'token:/media/usb/export.csv', shape: { encoding: null, delimiter: null, sheet: null } });
    expect((screen.getByTestId('import-encoding') as HTMLSelectElement).value, 'the detected encoding shows').toBe('utf-8');
    expect((screen.getByTestId('import-delimiter') as HTMLSelectElement).value).toBe(',');

    // Overriding the delimiter reads the file again that way.
    await user.selectOptions(screen.getByTestId('import-delimiter'), ';');
    await vi.waitFor(() => expect(previews).toHaveLength(2));
    expect(previews[1]).toEqual({ file: 'token:/media/usb/export.csv', shape: { encoding: 'utf-8', delimiter: ';', sheet: null } });

    await user.click(screen.getByTestId('import-next'));
    expect(screen.getByTestId('mapping-from').textContent).toContain('column names');
    expect((screen.getByTestId('map-email') as HTMLSelectElement).value, 'prefilled from the preview').toBe('E-mail Address');
    expect((screen.getByTestId('map-phone') as HTMLSelectElement).value).toBe('');
    await user.selectOptions(screen.getByTestId('map-phone'), 'Tel');
    await user.click(screen.getByTestId('import-start'));

    await vi.waitFor(() => expect(taskId).not.toBe(''));
    expect(request).toEqual({
      path: 'token:/media/usb/export.csv',
      // The import reads the file as the preview last showed it.
      shape: { encoding: 'utf-8', delimiter: ';', sheet: null },
      mapping: [
        { field: 'name', column: 'Full Name' },
        { field: 'email', column: 'E-mail Address' },
        { field: 'phone', column: 'Tel' },
        { field: 'country', column: 'Country' },
      ],
      source: null,
    });
    await emit('task-progress', {
      task_id: taskId,
      label: 'Importing affected records',
      done: 50,
      total: 200,
      rate: 1000,
      eta_seconds: 3,
      items: 12000,
      item_rate: 4000,
    });
    expect((await screen.findByTestId('task-items')).textContent).toBe('12,000 rows');
    expect(screen.getByTestId('task-percent').textContent).toBe('25%');
    expect(screen.getByTestId('task-progress').textContent).toContain('4,000 rows/s');

    imported = true;
    finish({
      batch,
      rejects: [{ row: 4, field: 'email', problem: 'is not an e-mail address', value: 'b***@' }],
      people: 4,
      records: 5,
    });
    const result = await screen.findByTestId('import-result');
    expect(result.textContent?.replace(/\s+/g, ' ').trim()).toBe('7 rows read = 5 accepted + 1 rejected + 1 blank');
    expect(screen.getByTestId('import-totals').textContent).toContain('4 people from 5 records');
    const reject = screen.getByTestId('reject-row');
    expect(reject.textContent).toContain('E-mail');
    expect(reject.textContent).toContain('b***@');

    await user.click(screen.getByTestId('import-done'));
    expect((await screen.findByTestId('affected-people')).textContent).toBe('4');
    expect(calls.filter((c) => c.cmd === 'affected_summary').length, 'the dashboard reloaded after the import').toBeGreaterThan(1);
  });

  it('numbers preview rows by file line, builds a field from several columns, and shows flagged values', async () => {
    let request: Record<string, unknown> | null = null;
    let finish!: (r: ImportReport) => void;
    const split: Preview = {
      shape,
      headers: ['First name', 'Last name', 'Email', 'Middle'],
      rows: [['Wei', 'Zhang', 'wei@example.com', 'Q']],
      lines: [4],
      mapping: [
        { field: 'name', column: 'First name' },
        { field: 'name', column: 'Last name' },
        { field: 'email', column: 'Email' },
      ],
      mapping_from: 'suggested',
    };
    backend(
      openCase({
        affected_summary: () => summary(),
        pick_open: () => [chosen('/media/usb/export.csv')],
        affected_preview: () => split,
        affected_import: (a) => {
          request = a.request as Record<string, unknown>;
          return new Promise((resolve) => (finish = resolve));
        },
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-affected'));
    await user.click(await screen.findByTestId('import-open'));
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    const table = await screen.findByTestId('import-preview-table');
    expect(table.querySelector('th')?.textContent, 'the number column says what it counts').toBe('Line');
    expect(screen.getByTestId('preview-line').textContent, 'the file line, as rejects give it').toBe('4');

    await user.click(screen.getByTestId('import-next'));
    expect((screen.getByTestId('map-name') as HTMLSelectElement).value).toBe('First name');
    expect((screen.getByTestId('map-name-2') as HTMLSelectElement).value, 'the second column of the name').toBe('Last name');
    expect(screen.getByTestId('map-sample-name').textContent).toBe('Wei Zhang');

    // Keyboard only: add a middle column to the name, then take the last name out.
    screen.getByTestId('map-add-name').focus();
    await user.keyboard('{Enter}');
    const third = screen.getByTestId('map-name-3') as HTMLSelectElement;
    expect(document.activeElement, 'the new column takes focus').toBe(third);
    await user.selectOptions(third, 'Middle');
    expect(screen.getByTestId('map-sample-name').textContent).toBe('Wei Zhang Q');
    screen.getByTestId('map-remove-name-2').focus();
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('map-sample-name').textContent).toBe('Wei Q');
    await user.click(screen.getByTestId('import-start'));
    await vi.waitFor(() => expect(request).not.toBeNull());
    expect(request!.mapping, 'one entry per column, in join order').toEqual([
      { field: 'name', column: 'First name' },
      { field: 'name', column: 'Middle' },
      { field: 'email', column: 'Email' },
    ]);

    finish({
      batch: { ...batch, warnings: [{ field: 'phone', rows: 3 }, { field: 'email', rows: 1 }] },
      rejects: [],
      people: 4,
      records: 5,
    });
    await screen.findByTestId('import-result');
    const flagged = screen.getAllByTestId('import-warning').map((w) => w.textContent?.trim());
    expect(flagged).toEqual(['Phone: 3 rows', 'E-mail: 1 row']);
  });

  it('leaves with Escape, and says why a preview failed by kind', async () => {
    backend(
      openCase({
        affected_summary: () => summary(),
        pick_open: () => [chosen('/media/usb/export.csv')],
        affected_preview: () => {
          throw { kind: 'no_case_open', message: 'text the UI must not depend on' };
        },
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-affected'));
    await user.click(await screen.findByTestId('import-open'));
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No case is open');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('import-wizard')).toBeNull();
    expect(screen.getByTestId('import-open')).toBeTruthy();
  });
});

describe('the affected dashboard', () => {
  it('draws bars from the summary and a bar opens People filtered to it', async () => {
    const b = breakdown(
      {
        people: 4,
        records: 5,
        by_country: { US: 3, CA: 1 },
        by_us_state: { TX: 2, WA: 1 },
        by_element: { email: 4, payment_card: 1 },
        by_segment: { retail: 4 },
        minors: 1,
      },
      { by_ca_province: { ON: 1 }, by_notice_status: { pending: 3, sent: 1 } },
    );
    const calls = backend(
      openCase({
        affected_summary: () => summary(b, [batch]),
        affected_people: (a) => ({ total: (a.query as PeopleQuery).limit === 1 ? 4 : 2, offset: 0, rows: [] }),
      }),
    );
    const user = await openTheCase();
    expect((await screen.findByTestId('nav-affected-count')).textContent, 'the nav counts the people').toBe('4');
    await user.click(screen.getByTestId('nav-affected'));
    expect((await screen.findByTestId('affected-merge')).textContent).toContain('5 records merged into 4 people');

    const elements = within(screen.getByTestId('chart-element')).getAllByTestId('chart-element-bar');
    expect(elements.map((e) => e.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['E-mail address 4', 'Payment card 1']);
    const statuses = within(screen.getByTestId('chart-status')).getAllByTestId('chart-status-bar');
    expect(statuses[1].getAttribute('aria-label'), 'status labels come from the vocabulary').toContain('Sent: 1');
    expect(within(screen.getByTestId('batches')).getByTestId('batch-row').textContent).toContain('7 = 5 + 1 + 1');

    const texas = within(screen.getByTestId('chart-us-state'))
      .getAllByTestId('chart-us-state-bar')
      .find((e) => e.dataset.key === 'TX')!;
    await user.click(texas);
    expect(await screen.findByTestId('people-total')).toBeTruthy();
    expect(screen.getByTestId('nav-people').getAttribute('aria-current')).toBe('page');
    await vi.waitFor(() => {
      const q = calls.filter((c) => c.cmd === 'affected_people').map((c) => c.args.query as PeopleQuery);
      expect(q.find((x) => x.limit === 100)).toMatchObject({ country: 'US', region: 'TX', element: null, offset: 0 });
    });
    expect((screen.getByLabelText('Country') as HTMLSelectElement).value).toBe('US');
    expect(screen.getByTestId('people-total').textContent).toBe('2 people');
  });

  it('regroups people only after the change of rule is confirmed', async () => {
    const calls = backend(openCase({ affected_summary: () => summary(), affected_set_rule: () => breakdown() }));
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-affected'));
    await user.selectOptions(await screen.findByTestId('dedupe-rule'), 'phone');
    await user.click(screen.getByTestId('regroup'));
    expect(calls.some((c) => c.cmd === 'affected_set_rule'), 'choosing a rule alone does not regroup').toBe(false);
    await user.click(screen.getByTestId('regroup-confirm'));
    expect(calls.find((c) => c.cmd === 'affected_set_rule')?.args).toEqual({ rule: 'phone' });
  });
});

describe('the affected dashboard, as read', () => {
  it('names countries and regions as the core labels them, groups thousands in every count, and explains the rule', async () => {
    const b = breakdown(
      {
        people: 1240,
        records: 1_305_000,
        by_country: { DE: 1200, US: 40 },
        by_us_state: { CA: 40 },
        by_element: { email: 1240 },
        minors: 2,
      },
      { by_ca_province: {} },
    );
    const places = { country: { DE: 'Germany (DE)', US: 'United States (US)' }, us_state: { CA: 'California (CA)' } };
    // The webview's locale may group nothing (WebKit under LANG=C): counts must not depend on it.
    const locale = vi.spyOn(Number.prototype, 'toLocaleString').mockImplementation(function (this: number) {
      return String(Number(this));
    });
    onTestFinished(() => locale.mockRestore());
    backend(
      openCase({
        affected_summary: () => summary(b, [{ ...batch, rows_read: 12_000, accepted: 11_998, rejected: 1, blank: 1 }], places),
        affected_people: () => ({ total: 1240, offset: 0, rows: [] }),
      }),
    );
    const user = await openTheCase();
    expect((await screen.findByTestId('nav-affected-count')).textContent, 'the nav count is grouped too').toBe('1,240');
    await user.click(screen.getByTestId('nav-affected'));

    expect((await screen.findByTestId('affected-people')).textContent).toBe('1,240');
    expect(screen.getByTestId('affected-records').textContent).toBe('1,305,000');
    expect(screen.getByTestId('affected-merge').textContent).toContain('1,305,000 records merged into 1,240 people');
    const countries = within(screen.getByTestId('chart-country')).getAllByTestId('chart-country-bar');
    expect(countries.map((e) => e.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['Germany (DE) 1,200', 'United States (US) 40']);
    expect(countries[0].dataset.key, 'a bar still drills down by the code').toBe('DE');
    const states = within(screen.getByTestId('chart-us-state')).getAllByTestId('chart-us-state-bar');
    expect(states[0].textContent, 'the state CA is California, not Canada').toContain('California (CA)');
    expect(within(screen.getByTestId('batches')).getByTestId('batch-row').textContent).toContain('12,000 = 11,998 + 1 + 1');

    const rule = screen.getByLabelText('Same person when they share');
    expect(rule.getAttribute('aria-describedby'), 'the rule is explained where it is chosen').toBeTruthy();
    expect(document.getElementById(rule.getAttribute('aria-describedby')!)?.textContent).toContain('falls back to the next');
  });
});


const MILLION = 1_000_000;

function person(pos: number, prefix = 'Person'): PersonRow {
  return {
    pos,
    id: `P-${pos}`,
    name: `${prefix} ${pos}`,
    email: `p${pos}@example.com`,
    phone: '',
    country: 'US',
    region: 'TX',
    segment: '',
    minor: false,
    elements: ['email'],
    records: 1,
    notice_status: 'pending',
    notice_at: '',
    notice_channel: '',
  };
}

/** A million people, paged as the core pages them. */
function page(q: PeopleQuery, total = MILLION, prefix = 'Person'): PeoplePage {
  const rows: PersonRow[] = [];
  for (let pos = q.offset; pos < Math.min(total, q.offset + q.limit); pos++) rows.push(person(pos, prefix));
  return { total, offset: q.offset, rows };
}

describe('the People table', () => {
  it('asks only for the pages around what is on screen, even with a million people', async () => {
    const calls = backend(
      openCase({
        affected_summary: () => summary(breakdown({ people: MILLION, records: MILLION })),
        affected_people: (a) => {
          const q = a.query as PeopleQuery;
          return q.search ? page(q, 2) : page(q);
        },
      }),
    );
    const offsets = () =>
      calls
        .filter((c) => c.cmd === 'affected_people' && (c.args.query as PeopleQuery).limit === 100)
        .map((c) => c.args.query as PeopleQuery);
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-people'));
    expect((await screen.findByText('1,000,000 people')).dataset.testid).toBe('people-total');
    await vi.waitFor(() => expect(offsets().map((q) => q.offset)).toEqual([0, 100]));
    const rows = screen.getAllByTestId('person-row');
    expect(rows[0].textContent).toContain('Person 0');
    expect(rows.length, 'only the rows on screen are drawn').toBeLessThan(40);

    // To the very bottom: the last two pages, nothing in between.
    const scroller = screen.getByTestId('people-scroller');
    scroller.scrollTop = 8_000_000;
    await fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(offsets().map((q) => q.offset)).toEqual([0, 100, 999_800, 999_900]));
    await vi.waitFor(() => expect(screen.getAllByTestId('person-row').at(-1)!.textContent).toContain('Person 999999'));

    // Typing is debounced: one request for the whole word, from the top of the new list.
    const before = offsets().length;
    await user.type(screen.getByTestId('people-search'), 'ana');
    await vi.waitFor(() => expect(screen.getByTestId('people-total').textContent).toBe('2 people'));
    const searched = offsets().slice(before);
    expect(searched.map((q) => [q.search, q.offset])).toEqual([['ana', 0]]);
  });

  it('drops the answer to a filter that has since changed', async () => {
    let slow!: (p: PeoplePage) => void;
    backend(
      openCase({
        affected_summary: () => summary(breakdown({ people: MILLION, records: MILLION })),
        affected_people: (a) => {
          const q = a.query as PeopleQuery;
          if (q.limit === 1) return page(q);
          if (q.minors_only) return page(q, 3, 'Minor');
          return new Promise((resolve) => (slow = () => resolve(page(q))));
        },
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-people'));
    await vi.waitFor(() => expect(slow).toBeTypeOf('function'));
    await user.click(screen.getByLabelText('Minors only'));
    await vi.waitFor(() => expect(screen.getByTestId('people-total').textContent).toBe('3 people'));
    slow(page({ offset: 0, limit: 100 } as PeopleQuery));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByTestId('people-total').textContent, 'the late answer to the old filter is ignored').toBe('3 people');
    const rows = screen.getAllByTestId('person-row');
    expect(rows.map((r) => r.textContent?.match(/\w+ \d+/)?.[0])).toEqual(['Minor 0', 'Minor 1', 'Minor 2']);
  });

  it('opens a person from the keyboard and records a notice for them', async () => {
    const calls = backend(
      openCase({
        affected_summary: () => summary(breakdown({ people: 3, records: 4 })),
        affected_people: (a) => page(a.query as PeopleQuery, 3),
        affected_person: () => ({
          records: [
            { ...person(1), batch_id: 'IB-0001', row: 2, record_id: '', phone_raw: '(512) 555-0100', phone: '+15125550100', street: '', city: 'Austin', postal_code: '', birth_date: '', account_id: 'T-9', notes: '', flagged: [] },
          ],
          notices: [],
        }),
        affected_set_notice: () => 1,
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-people'));
    await screen.findByText('Person 2');
    screen.getByTestId('people-scroller').focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    const detail = await screen.findByTestId('person-detail');
    expect(calls.find((c) => c.cmd === 'affected_person')?.args).toEqual({ id: 'P-1' });
    const records = await within(detail).findByTestId('person-records');
    expect(records.textContent).toContain('+15125550100');
    expect(records.textContent).toContain('IB-0001');

    await user.selectOptions(within(detail).getByLabelText('Status'), 'bounced');
    await user.click(within(detail).getByTestId('notice-set'));
    const set = calls.find((c) => c.cmd === 'affected_set_notice')?.args.update as Record<string, unknown>;
    expect(set).toMatchObject({ person_ids: ['P-1'], status: 'bounced', channel: 'email' });
    expect(set.at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
