import { describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { backend, chosen, openCase, overview } from './backend';
import type { EvidenceItem, TimelineEvent } from '../src/lib/bindings';

async function openTheCase() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await screen.findByTestId('nav-timeline');
  return user;
}

const event = (title: string, derived = false): TimelineEvent => ({
  id: derived ? 'key_date:discovery' : 'e1',
  when: { utc: '2019-08-02T21:14:00Z', tz: 'Europe/Dublin', local: '2019-08-02 22:14' },
  title,
  detail: '',
  source: 'DB audit log',
  category: 'access',
  linked_type: '',
  linked_id: '',
  derived,
  created_by: 'Ina',
});

describe('the timeline', () => {
  it('sends a new event with the wall time and zone as typed', async () => {
    let added: Record<string, unknown> | null = null;
    const events: TimelineEvent[] = [];
    backend(
      openCase({
        timeline_list: () => events,
        event_add: (a) => {
          added = a.event as Record<string, unknown>;
          events.push(event('First bulk export'));
          return events[0];
        },
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-timeline'));
    await user.click(await screen.findByTestId('add-event'));
    await user.type(screen.getByLabelText('When'), '2019-08-02 22:14');
    const tz = screen.getByLabelText('Time zone');
    await user.clear(tz);
    await user.type(tz, 'Europe/Dublin');
    await user.type(screen.getByLabelText('What happened'), 'First bulk export');
    await user.click(screen.getByTestId('save-event'));
    expect(added).toMatchObject({ when: '2019-08-02 22:14', tz: 'Europe/Dublin', title: 'First bulk export' });
    expect((await screen.findByTestId('timeline-row')).textContent).toContain('2019-08-02 22:14');
  });

  it('deletes an event only after the user confirms', async () => {
    const calls = backend(openCase({ timeline_list: () => [event('Export')], event_delete: () => null }));
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-timeline'));
    await user.click(await screen.findByTestId('delete-event'));
    expect(calls.some((c) => c.cmd === 'event_delete'), 'one click does not delete').toBe(false);
    await user.click(screen.getByTestId('delete-event-confirm'));
    expect(calls.find((c) => c.cmd === 'event_delete')?.args).toEqual({ id: 'e1' });
  });

  it('offers no edit or delete on events derived from key dates', async () => {
    backend(openCase({ timeline_list: () => [event('Discovery', true)] }));
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-timeline'));
    const row = await screen.findByTestId('timeline-row');
    expect(within(row).queryByTestId('delete-event')).toBeNull();
    expect(row.textContent).toContain('derived');
  });
});

describe('moving between views', () => {
  it('opens each view at its top, scrolling only the view area under a fixed sidebar and header', async () => {
    backend(openCase({ timeline_list: () => [event('Export')] }));
    const user = await openTheCase();
    const area = screen.getByTestId('view-scroll');
    expect(area.contains(screen.getByTestId('close-case')), 'the case header is outside the scrolled area').toBe(false);
    expect(area.contains(screen.getByTestId('nav-overview')), 'so is the sidebar').toBe(false);

    area.scrollTop = 900;
    await user.keyboard('{Alt>}2{/Alt}');
    await screen.findByTestId('timeline-row');
    expect(area.scrollTop, 'the timeline opens at its top, not where the overview was left').toBe(0);
    area.scrollTop = 400;
    await user.keyboard('{Alt>}1{/Alt}');
    await vi.waitFor(() => expect(screen.getByTestId('nav-overview').getAttribute('aria-current')).toBe('page'));
    expect(area.scrollTop).toBe(0);
  });
});

describe('the timeline, as used', () => {
  it('brings an event just added into view, marks it and says so politely', async () => {
    const events: TimelineEvent[] = [];
    backend(
      openCase({
        timeline_list: () => [...events],
        event_add: () => {
          events.push({ ...event('First bulk export'), id: 'e9' });
          return events[0];
        },
      }),
    );
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-timeline'));
    await user.click(await screen.findByTestId('add-event'));
    await user.type(screen.getByLabelText('When'), '2019-08-02 22:14');
    await user.type(screen.getByLabelText('What happened'), 'First bulk export');
    await user.click(screen.getByTestId('save-event'));

    const status = await screen.findByText(/Event added: First bulk export, 2019-08-02 22:14 Europe\/Dublin/);
    expect(status.getAttribute('role'), 'a status is read out without taking focus').toBe('status');
    const row = screen.getByTestId('timeline-row');
    expect(scrolled, 'the new row is scrolled to').toContain(row);
    expect(row.classList.contains('marked'), 'and marked for a moment').toBe(true);
  });

  it('filters by days typed as YYYY-MM-DD, names a bad day instead of sending it, and says when To is before From', async () => {
    const calls = backend(openCase({ timeline_list: () => [] }));
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-timeline'));
    const from = (await screen.findByLabelText('From (UTC day)')) as HTMLInputElement;
    const to = screen.getByLabelText('To (UTC day)') as HTMLInputElement;
    expect(from.type, 'not a native date input, whose placeholder follows the locale').toBe('text');
    expect(from.placeholder).toBe('YYYY-MM-DD');

    await user.type(from, '2019-08-02');
    await user.tab();
    await vi.waitFor(() =>
      expect(calls.filter((c) => c.cmd === 'timeline_list').at(-1)?.args.filter).toMatchObject({ from: '2019-08-02', to: null }),
    );
    expect(from.getAttribute('aria-invalid')).toBe('false');

    await user.type(to, '08/31/2019');
    await user.tab();
    const bad = await screen.findByTestId('filter-to-error');
    expect(bad.textContent).toContain('use YYYY-MM-DD');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(to.getAttribute('aria-describedby'), 'the message is tied to its field').toBe(bad.id);
    const sent = calls.filter((c) => c.cmd === 'timeline_list').map((c) => (c.args.filter as { to: string | null }).to);
    expect(sent, 'a bad day is never sent').not.toContain('08/31/2019');

    await user.clear(to);
    await user.type(to, '2019-07-01');
    await user.tab();
    expect((await screen.findByTestId('filter-to-error')).textContent).toContain('Before the From day');
  });
});

const item = (id: string, name: string, size: number, status: EvidenceItem['status']): EvidenceItem => ({
  id,
  description: '',
  category: 'database_extract',
  source: 'DBA',
  acquisition_method: '',
  acquired_by: 'Ina',
  acquired: { utc: '2019-08-03T10:00:00Z', tz: 'UTC', local: '2019-08-03 10:00' },
  original_path: `/media/${name}`,
  original_name: name,
  size,
  sha256: id === 'EV-0001' ? 'a'.repeat(64) : 'b'.repeat(64),
  sha1: null,
  md5: null,
  storage: 'vault',
  duplicate_of: null,
  flags: [],
  status,
  last_verified_at: null,
});

describe('the evidence view', () => {
  it('lists items sortable by size, with shortened hashes and their status', async () => {
    backend(
      openCase({
        case_overview: () => openCase().case_open({}),
        evidence_list: () => [item('EV-0001', 'big.csv', 5000, 'ok'), item('EV-0002', 'small.log', 10, 'never_verified')],
        settings_get: () => ({ legacy_hashes: { sha1: false, md5: false } }),
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-evidence'));
    let rows = await screen.findAllByTestId('evidence-row');
    expect(rows[0].textContent).toContain('EV-0001');
    expect(within(rows[0]).getByTestId('evidence-sha256').textContent).toBe('aaaaaaaaaaaa…aaaa');
    expect(rows[1].textContent).toContain('Never verified');
    await user.click(screen.getByRole('button', { name: 'Size' }));
    rows = screen.getAllByTestId('evidence-row');
    expect(rows[0].textContent, 'ascending by size puts the small file first').toContain('small.log');
  });

  it('reports a changed item loudly with the expected and actual hash after verify all', async () => {
    backend(
      openCase({
        evidence_list: () => [item('EV-0001', 'big.csv', 5000, 'changed')],
        settings_get: () => ({ legacy_hashes: { sha1: false, md5: false } }),
        evidence_verify: async (a) => {
          await emit('task-progress', { task_id: a.taskId, label: 'Verifying evidence', done: 10, total: 20, rate: 5, eta_seconds: 2 });
          return [{ id: 'EV-0001', status: 'changed', expected_sha256: 'a'.repeat(64), actual_sha256: 'c'.repeat(64), detail: 'content differs' }];
        },
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-evidence'));
    await user.click(await screen.findByTestId('verify-all'));
    const problems = await screen.findByTestId('verify-problems');
    expect(problems.getAttribute('role')).toBe('alert');
    expect(problems.textContent).toContain('a'.repeat(64));
    expect(problems.textContent).toContain('c'.repeat(64));
  });

  it('exports the ticked items together, with who received them and why', async () => {
    let request: Record<string, unknown> | null = null;
    backend(
      openCase({
        evidence_list: () => [item('EV-0001', 'big.csv', 5000, 'ok'), item('EV-0002', 'small.log', 10, 'ok')],
        settings_get: () => ({ legacy_hashes: { sha1: false, md5: false } }),
        evidence_export: (a) => {
          request = a.request as Record<string, unknown>;
          return { destination: '/handover', files: ['big.csv', 'small.log'], manifest: '/handover/MANIFEST.csv' };
        },
        pick_folder: () => chosen('/handover'),
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-evidence'));
    await user.click(await screen.findByLabelText('Select EV-0001 for export'));
    await user.click(screen.getByLabelText('Select EV-0002 for export'));
    await user.click(screen.getByRole('button', { name: 'Export 2 selected…' }));
    await user.click(screen.getByTestId('export-all-choose'));
    expect(await screen.findByText('handover'), 'the chosen folder shows').toBeTruthy();
    await user.type(screen.getByLabelText('Handed to'), 'Det. Byrne');
    await user.type(screen.getByLabelText('Why'), 'referral');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(request).toEqual({ ids: ['EV-0001', 'EV-0002'], destination: 'token:/handover', recipient: 'Det. Byrne', purpose: 'referral' });
    expect((await screen.findByText(/Exported 2 items/)).textContent).toContain('/handover');
  });

  it('puts the files chosen in the native picker into the intake form', async () => {
    backend(
      openCase({
        evidence_list: () => [],
        settings_get: () => ({ legacy_hashes: { sha1: false, md5: false } }),
        pick_open: () => [chosen('/media/usb/a.csv'), chosen('/media/usb/b.log')],
      }),
    );
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-evidence'));
    await user.click(await screen.findByTestId('add-evidence'));
    await user.click(screen.getByRole('button', { name: 'Choose files…' }));
    const files = await screen.findByTestId('evidence-files');
    await vi.waitFor(() => expect(files.textContent).toContain('a.csv'));
    expect(files.textContent).toContain('b.log');
  });
});

describe('the overview', () => {
  it('shows what law enforcement is waiting on or has paused, and no such card when nothing is', async () => {
    const quiet = overview();
    const busy = overview();
    busy.referrals = {
      active_delays: [
        {
          id: 'DR-0001',
          referral_id: 'LE-0001',
          agency: 'Cyber Unit',
          requested_on: '2019-10-31',
          from: '2019-10-31',
          until: null,
          written: false,
          document: null,
          jurisdictions: ['US-CA', 'US-NY'],
          review_on: null,
          lifted_on: null,
          recorded_at: '2019-10-31T10:00:00Z',
          recorded_by: 'Ina',
        },
      ],
      legal_process_due: [],
      open_follow_ups: [
        { referral_id: 'LE-0001', agency: 'Cyber Unit', next_action: 'Send the July audit log', due: '2019-11-11', overdue: true },
      ],
    };
    let current = quiet;
    backend(openCase({ case_open: () => current, case_overview: () => current }));
    await openTheCase();
    expect(screen.queryByTestId('referral-agenda'), 'a case with nothing open shows no law-enforcement card').toBeNull();

    cleanup();
    current = busy;
    await openTheCase();
    const agenda = await screen.findByTestId('referral-agenda');
    expect(agenda.textContent).toContain('Notification delayed');
    expect(agenda.textContent).toContain('US-CA, US-NY');
    expect(agenda.textContent).toContain('until further notice');
    expect(agenda.textContent).toContain('Send the July audit log');
    expect(within(agenda).getByText('2019-11-11').className, 'an overdue follow-up stands out').toContain('overdue');
  });
});
