import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { backend, openCase } from './backend';
import type { Task } from '../src/lib/bindings';
import { viewOf } from '../src/components/tasks/where';

async function openTheCase() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await screen.findByTestId('nav-timeline');
  return user;
}

const task = (id: string, title: string, due: string | null, extra: Partial<Task> = {}): Task => ({
  id,
  title,
  notes: '',
  phase: '',
  owner: null,
  owner_name: null,
  owner_role: null,
  due,
  due_note: due ? 'Set by hand' : '',
  status: 'to_do',
  reason: '',
  source: 'task',
  source_link: null,
  links: [],
  overdue: false,
  ...extra,
});

const gdpr = task('obligation:EU.regulator', 'Notify the Data Protection Commission (EU)', '2019-10-21', {
  source: 'obligation',
  source_link: { kind: 'obligation', id: 'EU.regulator' },
  overdue: true,
});
const hold = task('TK-0003', 'Issue a legal hold', '2026-01-01', { overdue: true, source: 'playbook' });
const brief = task('TK-0012', 'Brief the board', '2026-01-06');

describe("what's next", () => {
  it('lists what the core ordered, marks the overdue, and the nav counts them', async () => {
    backend(openCase({ task_whats_next: () => ({ items: [gdpr, hold, brief], overdue: 2 }) }));
    await openTheCase();
    const items = await screen.findAllByTestId('whats-next-item');
    expect(items.map((li) => li.querySelector('button')!.textContent)).toEqual([gdpr.title, hold.title, brief.title]);
    expect(items.map((li) => li.classList.contains('overdue'))).toEqual([true, true, false]);
    expect((await screen.findByTestId('nav-overdue-count')).textContent).toBe('2');
  });

  it('opens a derived deadline where it is done and a task in the Tasks view', async () => {
    backend(
      openCase({
        task_whats_next: () => ({ items: [gdpr, hold], overdue: 2 }),
        task_list: () => [hold],
        // With no snapshot the Obligations view asks for nothing more.
        affected_snapshots: () => [],
      }),
    );
    const user = await openTheCase();
    const [first] = await screen.findAllByTestId('whats-next-item');
    await user.click(within(first).getByRole('button'));
    expect(screen.getByTestId('nav-obligations').getAttribute('aria-current')).toBe('page');
    await user.click(screen.getByTestId('nav-overview'));
    const [, second] = await screen.findAllByTestId('whats-next-item');
    await user.click(within(second).getByRole('button'));
    const row = await screen.findByTestId('task-row');
    expect(screen.getByTestId('nav-tasks').getAttribute('aria-current')).toBe('page');
    expect(row.dataset.taskId).toBe('TK-0003');
  });
});

describe('the Tasks view', () => {
  it('marks a task done, and asks why before marking one not applicable', async () => {
    const calls = backend(
      openCase({
        task_list: () => [hold, gdpr],
        task_set_status: (a) => ({ ...hold, status: a.status }),
      }),
    );
    const user = await openTheCase();
    await user.keyboard('{Alt>}t{/Alt}');
    const rows = await screen.findAllByTestId('task-row');
    expect(within(rows[1]).queryByTestId('task-status'), 'a derived deadline has no status to set here').toBeNull();
    expect(within(rows[1]).getByTestId('task-open-source').textContent).toContain('Obligations');

    await user.click(within(rows[0]).getByTestId('task-done'));
    expect(calls.find((c) => c.cmd === 'task_set_status')?.args).toEqual({ id: 'TK-0003', status: 'done', reason: null });

    await user.selectOptions(within(rows[0]).getByTestId('task-status'), 'not_applicable');
    expect(calls.filter((c) => c.cmd === 'task_set_status')).toHaveLength(1);
    await user.type(screen.getByTestId('task-reason'), 'No hold needed: no litigation expected{Enter}');
    expect(calls.filter((c) => c.cmd === 'task_set_status')[1].args).toEqual({
      id: 'TK-0003',
      status: 'not_applicable',
      reason: 'No hold needed: no litigation expected',
    });
  });

  it('sends the filters to the core', async () => {
    const calls = backend(openCase({ task_list: () => [] }));
    const user = await openTheCase();
    await user.click(screen.getByTestId('nav-tasks'));
    await screen.findByTestId('tasks-empty');
    await user.click(screen.getByTestId('task-filter-overdue'));
    await user.selectOptions(screen.getByTestId('task-filter-status'), 'blocked');
    const last = calls.filter((c) => c.cmd === 'task_list').pop();
    expect(last?.args).toEqual({ filter: { status: 'blocked', owner: null, overdue: true } });
  });
});

describe('where a row is done', () => {
  it('maps each link kind to its view', () => {
    expect(viewOf({ kind: 'evidence', id: 'EV-0001' })).toEqual({ view: 'evidence', evidence: 'EV-0001' });
    expect(viewOf({ kind: 'referral', id: 'LE-0001' }).view).toBe('referrals');
  });
});
