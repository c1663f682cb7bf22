import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import TimelineFigure from '../src/components/timeline/TimelineFigure.svelte';
import { backend, chosen, openCase, overview } from './backend';
import { DAY, HOUR, MINUTE, fit, pan, span, stepFor, ticks, zoom } from '../src/lib/timescale';
import { toTsv } from '../src/lib/tables';
import type { TimelineEvent, TimelineFigure as Figure } from '../src/lib/bindings';

const T = (iso: string) => Date.parse(iso);

describe('the visual timeline scale', () => {
  it('zooms about the anchor and pans by a share of the width', () => {
    const r = { from: T('2019-01-01T00:00:00Z'), to: T('2019-01-11T00:00:00Z') };
    const inAtLeft = zoom(r, 0.5, 0);
    expect(inAtLeft.from, 'the instant under the pointer stays put').toBe(r.from);
    expect(span(inAtLeft), 'zooming in halves the visible range').toBe(5 * DAY);
    const out = zoom(r, 2);
    expect((out.from + out.to) / 2, 'the buttons zoom about the middle').toBe((r.from + r.to) / 2);
    expect(span(out)).toBe(20 * DAY);
    expect(pan(r, 0.1).from - r.from, 'a tenth of ten days is a day').toBe(DAY);
  });

  it('labels ticks from years down to minutes as the range narrows', () => {
    const years = { from: T('2015-01-01T00:00:00Z'), to: T('2025-01-01T00:00:00Z') };
    expect(ticks(years, 6).map((t) => t.label)).toEqual(['2016', '2018', '2020', '2022', '2024']);
    const days = { from: T('2019-10-17T00:00:00Z'), to: T('2019-10-20T00:00:00Z') };
    expect(ticks(days, 4)[0].label, 'a few days show days').toBe('2019-10-17');
    const minutes = { from: T('2019-10-17T09:00:00Z'), to: T('2019-10-17T09:30:00Z') };
    expect(stepFor(minutes, 8).unit).toBe('minute');
    expect(ticks(minutes, 8).map((t) => t.label)).toContain('2019-10-17 09:15');
  });

  it('never zooms past ten minutes or fits a single instant to nothing', () => {
    let r = fit(T('2019-10-17T09:00:00Z'), T('2019-10-17T09:00:00Z'));
    expect(span(r), 'one instant gets a day either side').toBeGreaterThanOrEqual(2 * DAY);
    for (let i = 0; i < 40; i++) r = zoom(r, 0.5);
    expect(span(r)).toBe(10 * MINUTE);
    expect(span(zoom(r, 2))).toBe(20 * MINUTE);
    expect(HOUR).toBe(60 * MINUTE);
  });
});

const figure: Figure = {
  lanes: ['access', 'evidence'],
  events: [
    { id: 'e1', at: '2019-08-02T21:14:00Z', category: 'access', title: 'Export run', derived: false, linked_type: '', linked_id: '' },
    { id: 'custody:1', at: '2019-10-18T10:00:00Z', category: 'evidence', title: 'EV-0001 acquired', derived: true, linked_type: 'evidence', linked_id: 'EV-0001' },
  ],
  markers: [{ kind: 'discovery', label: 'Discovery', at: '2019-10-17T09:30:00Z' }],
  bands: [{ kind: 'access_window', label: 'Access window', from: '2019-03-12T08:00:00Z', to: '2019-08-02T23:00:00Z' }],
  deadlines: [{ kind: 'notice', label: 'Due: notice to the AG', at: '2019-11-16T00:00:00Z', event_id: 'obligation:US-CA' }],
  harm_per_day: [
    { day: '2019-08-03', count: 2 },
    { day: '2019-08-05', count: 1 },
  ],
  from: '2019-03-12T08:00:00Z',
  to: '2019-11-16T00:00:00Z',
  focus_from: '2019-03-12T08:00:00Z',
  focus_to: '2019-11-16T00:00:00Z',
};

describe('the visual timeline', () => {
  it('zooms with the buttons and the keyboard, and opens an event on click and on Enter', async () => {
    backend({ timeline_figure: () => figure });
    const opened: string[] = [];
    render(TimelineFigure, { onopen: (id: string) => opened.push(id) });
    const user = userEvent.setup();
    expect(await screen.findAllByTestId('figure-event')).toHaveLength(2);
    const range = screen.getByTestId('figure-range');
    const before = range.textContent;
    expect(screen.getByTestId('figure-access-window'), 'the access window is a band').toBeTruthy();
    expect(screen.getAllByTestId('figure-marker'), 'each key date is a marker').toHaveLength(1);

    await user.click(screen.getByTestId('figure-zoom-in'));
    const zoomed = range.textContent;
    expect(zoomed, 'zooming in narrows the visible range').not.toBe(before);
    screen.getByTestId('figure-svg').focus();
    await user.keyboard('-');
    expect(range.textContent, '− zooms back out to where it was').toBe(before);
    await user.keyboard('{ArrowRight}');
    expect(range.textContent, 'an arrow key pans').not.toBe(before);
    await user.keyboard('0');
    expect(range.textContent, '0 fits the incident again').toBe(before);

    await user.click(screen.getAllByTestId('figure-event')[0]);
    screen.getAllByTestId('figure-event')[1].focus();
    await user.keyboard('{Enter}');
    expect(opened, 'a click and Enter each open their event').toEqual(['e1', 'custody:1']);
  });

  it('comes with the Timeline view and opens a recorded event’s form from the figure', async () => {
    const ev: TimelineEvent = {
      id: 'e1',
      when: { utc: '2019-08-02T21:14:00Z', tz: 'Europe/Dublin', local: '2019-08-02 22:14' },
      title: 'Export run',
      detail: '',
      source: 'DB audit log',
      category: 'access',
      linked_type: '',
      linked_id: '',
      derived: false,
      created_by: 'Ina',
    };
    backend(openCase({ timeline_list: () => [ev], timeline_figure: () => figure }));
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('recent-case'));
    await user.type(screen.getByLabelText('Passphrase'), 'right one');
    await user.click(screen.getByTestId('open-case'));
    await user.click(await screen.findByTestId('nav-timeline'));
    const dots = await screen.findAllByTestId('figure-event');
    await user.click(dots[0]);
    expect((screen.getByLabelText('What happened') as HTMLInputElement).value).toBe('Export run');
  });
});

describe('the window title', () => {
  it('names the open case as the shell words it, and asks again when the setting changes', async () => {
    let named = true;
    let saved: unknown = null;
    const calls = backend(
      openCase({
        window_title_sync: () => (named ? 'Casebook — Helpdesk export theft' : 'Casebook'),
        app_settings_set: (a) => {
          saved = a.settings;
          named = (a.settings as { case_in_title: boolean }).case_in_title;
          return a.settings;
        },
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('recent-case'));
    await user.type(screen.getByLabelText('Passphrase'), 'right one');
    await user.click(screen.getByTestId('open-case'));
    await screen.findByTestId('nav-timeline');
    await vi.waitFor(() => expect(document.title).toBe('Casebook — Helpdesk export theft'));

    await user.click(screen.getByTestId('nav-security'));
    await user.click(screen.getByTestId('case-in-title'));
    expect(saved).toEqual({ lock_after_minutes: 15, case_in_title: false });
    await vi.waitFor(() => expect(document.title, 'turned off, the title is plain').toBe('Casebook'));
    expect(calls.filter((c) => c.cmd === 'window_title_sync').length).toBeGreaterThanOrEqual(2);
  });
});

describe('every table', () => {
  it('copies as tab-separated text that keeps each cell whole', () => {
    expect(toTsv({ columns: ['Id', 'Note'], rows: [['EV-1', 'two\tparts\nand a line']] })).toBe('Id\tNote\nEV-1\ttwo parts and a line\n');
  });

  it('exports the rows it shows through the core and copies them to the clipboard', async () => {
    const ev: TimelineEvent = {
      id: 'e1',
      when: { utc: '2019-08-02T21:14:00Z', tz: 'Europe/Dublin', local: '2019-08-02 22:14' },
      title: '=HYPERLINK("x")',
      detail: '',
      source: 'DB audit log',
      category: 'access',
      linked_type: '',
      linked_id: '',
      derived: false,
      created_by: 'Ina',
    };
    let exported: { table: string; columns: string[]; rows: string[][]; dest: string } | null = null;
    backend(
      openCase({
        timeline_list: () => [ev],
        pick_save: (a) => ({ chosen: chosen(`/out/${a.suggestedName}`), replaces: false }),
        table_export: (a) => {
          exported = a.table as typeof exported;
          return 1;
        },
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('recent-case'));
    await user.type(screen.getByLabelText('Passphrase'), 'right one');
    await user.click(screen.getByTestId('open-case'));
    await user.click(await screen.findByTestId('nav-timeline'));
    await user.click(await screen.findByTestId('export-csv-timeline'));
    expect(await screen.findByText('1 row exported to timeline.csv.')).toBeTruthy();
    expect(exported!.table).toBe('timeline');
    expect(exported!.dest, 'the save token, never a path').toBe('token:/out/timeline.csv');
    expect(exported!.rows[0], 'cells go as shown; the core makes them formula-safe').toContain('=HYPERLINK("x")');

    await user.click(screen.getByTestId('copy-table-timeline'));
    const text = await navigator.clipboard.readText();
    expect(text.split('\n')[0]).toBe('When (local)\tTime zone\tUTC\tCategory\tEvent\tDetail\tSource');
    expect(text).toContain('2019-08-02 22:14\tEurope/Dublin');
  });
});

describe('column widths', () => {
  it('are dragged at a header’s edge and come back as left, per table', async () => {
    localStorage.clear();
    const { resizable, saveWidth } = await import('../src/lib/columns');
    const html = '<thead><tr><th>Id</th><th>Name</th><th>Status</th></tr></thead>';
    saveWidth('evidence', 1, 240);
    const table = document.createElement('table');
    table.innerHTML = html;
    document.body.appendChild(table);
    const action = resizable(table, 'evidence');
    const heads = table.querySelectorAll('th');
    expect(heads[1].style.width, 'a saved width is applied on the next render').toBe('240px');
    expect(heads[2].querySelector('.col-resize'), 'the last column takes what is left').toBeNull();

    const handle = heads[0].querySelector('.col-resize')!;
    handle.dispatchEvent(new PointerEvent('pointerdown', { clientX: 100, bubbles: true }));
    window.dispatchEvent(new PointerEvent('pointermove', { clientX: 180 }));
    window.dispatchEvent(new PointerEvent('pointerup', { clientX: 180 }));
    expect(JSON.parse(localStorage.getItem('casebook.columns.evidence')!)).toEqual({ 0: 80, 1: 240 });
    action.destroy();

    const other = document.createElement('table');
    other.innerHTML = html;
    resizable(other, 'timeline');
    expect(other.querySelectorAll('th')[1].style.width, 'each table keeps its own widths').toBe('');
  });
});

describe('an empty case', () => {
  async function open(extra = {}) {
    backend(openCase(extra));
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('recent-case'));
    await user.type(screen.getByLabelText('Passphrase'), 'right one');
    await user.click(screen.getByTestId('open-case'));
    await screen.findByTestId('overview');
    return user;
  }

  it('shows the first three steps as links to where each is done', async () => {
    const user = await open();
    const steps = await screen.findByTestId('first-steps');
    expect(steps.textContent).toContain('Add evidence');
    expect(steps.textContent).toContain('Import affected records');
    expect(steps.textContent).toContain('Apply the playbook');
    await user.click(screen.getByTestId('first-step-2'));
    expect(screen.getByTestId('nav-affected').getAttribute('aria-current')).toBe('page');
  });

  it('shows no steps once evidence and affected records are in', async () => {
    await open({
      case_open: () => overview({ evidence_items: 3 }),
      case_overview: () => overview({ evidence_items: 3 }),
      affected_people: () => ({ total: 12, offset: 0, rows: [] }),
    });
    expect(screen.queryByTestId('first-steps')).toBeNull();
  });
});
