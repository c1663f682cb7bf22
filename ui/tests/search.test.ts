import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { backend, openCase } from './backend';
import { searchKey } from '../src/lib/search';
import type { SearchResults, TimelineEvent } from '../src/lib/bindings';

async function openTheCase() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await screen.findByTestId('nav-timeline');
  return user;
}

const results = (query: string): SearchResults => ({
  query,
  groups: [
    {
      kind: 'event',
      label: 'Timeline events',
      hits: [{ kind: 'event', id: 'e1', title: 'Zephyr export', detail: 'to a personal drive' }],
      more: 0,
      more_capped: false,
    },
    {
      kind: 'statement',
      label: 'Statements',
      hits: [
        { kind: 'statement', id: 'ST-0001', title: 'ST-0001 · Notice about Zephyr', detail: '' },
        { kind: 'statement', id: 'ST-0002', title: 'ST-0002 · Zephyr FAQ', detail: '' },
      ],
      more: 4,
      more_capped: false,
    },
  ],
});

const zephyr: TimelineEvent = {
  id: 'e1',
  when: { utc: '2019-08-02T21:14:00Z', tz: 'UTC', local: '2019-08-02 21:14' },
  title: 'Zephyr export',
  detail: '',
  source: '',
  category: 'access',
  linked_type: '',
  linked_id: '',
  derived: false,
  created_by: 'Ina',
};

describe('the search box keys', () => {
  it('moves with the arrows round the ends, opens with Enter and closes with Escape', () => {
    expect(searchKey('ArrowDown', 0, 3)).toEqual({ move: 1 });
    expect(searchKey('ArrowDown', 2, 3)).toEqual({ move: 0 });
    expect(searchKey('ArrowUp', 0, 3)).toEqual({ move: 2 });
    expect(searchKey('Enter', 1, 3)).toEqual({ open: 1 });
    expect(searchKey('Escape', 1, 3)).toBe('close');
  });

  it('leaves every other key to the input, and does nothing without hits but close', () => {
    for (const k of ['a', 'Home', 'End', 'ArrowLeft', 'Backspace']) expect(searchKey(k, 0, 3)).toBeNull();
    expect(searchKey('ArrowDown', 0, 0)).toBeNull();
    expect(searchKey('Enter', 0, 0)).toBeNull();
    expect(searchKey('Escape', 0, 0)).toBe('close');
  });
});

describe('the search dialog', () => {
  it('opens with Ctrl+K, groups hits by kind, walks them with the arrows and opens one with Enter', async () => {
    const calls = backend(
      openCase({
        search: (a) => results(a.query as string),
        statement_list: () => [],
        affected_snapshots: () => [],
      }),
    );
    const user = await openTheCase();
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Search the case' });
    expect(dialog).toBeTruthy();
    const input = screen.getByTestId('search-input');
    expect(document.activeElement).toBe(input);
    await user.type(input, 'zeph');
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(3));
    expect(calls.filter((c) => c.cmd === 'search').at(-1)?.args).toEqual({ query: 'zeph' });
    expect(screen.getByRole('group', { name: /Statements/ }).textContent).toContain('4 more');
    const options = screen.getAllByRole('option');
    expect(options[0].getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(options[2].getAttribute('aria-selected')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe(options[2].id);
    await user.keyboard('{ArrowUp}');
    expect(options[1].getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByTestId('search-dialog')).toBeNull());
    await waitFor(() => expect(calls.some((c) => c.cmd === 'statement_list')).toBe(true));
  });

  it('opens a timeline event marked in the Timeline view, and Escape closes without opening', async () => {
    backend(openCase({ search: (a) => results(a.query as string), timeline_list: () => [zephyr] }));
    const user = await openTheCase();
    await user.click(screen.getByTestId('open-search'));
    await user.type(screen.getByTestId('search-input'), 'zeph');
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(3));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('search-dialog')).toBeNull();
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByTestId('search-input'), 'zeph');
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(3));
    await user.keyboard('{Enter}');
    const row = await screen.findByTestId('timeline-row');
    await waitFor(() => expect(row.classList.contains('marked')).toBe(true));
  });
});
