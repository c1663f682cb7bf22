import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { backend, openCase } from './backend';
import type { EvidenceDetail, EvidenceItem } from '../src/lib/bindings';

const item: EvidenceItem = {
  id: 'EV-0001',
  description: 'badge_log.csv',
  category: 'other',
  source: 'DBA',
  acquisition_method: '',
  acquired_by: 'Ina',
  acquired: { utc: '2019-08-03T10:00:00Z', tz: 'UTC', local: '2019-08-03 10:00' },
  original_path: '/media/badge_log.csv',
  original_name: 'badge_log.csv',
  size: 120,
  sha256: 'a'.repeat(64),
  sha1: null,
  md5: null,
  storage: 'vault',
  duplicate_of: null,
  flags: [],
  status: 'never_verified',
  last_verified_at: null,
};

function evidenceCase(detail: () => EvidenceDetail, edit: (a: Record<string, unknown>) => unknown) {
  return backend(
    openCase({
      evidence_list: () => [detail().item],
      settings_get: () => ({ legacy_hashes: { sha1: false, md5: false } }),
      evidence_detail: () => detail(),
      evidence_edit: edit,
    }),
  );
}

async function openItem() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await user.click(await screen.findByTestId('nav-evidence'));
  await user.click(await screen.findByRole('button', { name: 'EV-0001' }));
  return user;
}

describe('an evidence item’s details', () => {
  it('offers the category the name suggests and files it there with one click', async () => {
    let current: EvidenceDetail = { item, custody: [], suggested_category: 'log' };
    const calls = evidenceCase(
      () => current,
      () => {
        current = { item: { ...item, category: 'log' }, custody: [], suggested_category: null };
        return current.item;
      },
    );
    const user = await openItem();
    const suggestion = await screen.findByTestId('category-suggestion');
    expect(suggestion.textContent).toContain('Log');
    await user.click(screen.getByTestId('accept-suggestion'));
    expect(calls.find((c) => c.cmd === 'evidence_edit')?.args).toEqual({
      id: 'EV-0001',
      edit: { description: null, category: 'log', source: null },
    });
    await waitFor(() => expect(screen.queryByTestId('category-suggestion')).toBeNull());
    expect(screen.getByTestId('evidence-detail-category').textContent).toContain('Log');
  });

  it('edits description, category and source from the keyboard, and Escape cancels', async () => {
    const calls = evidenceCase(
      () => ({ item, custody: [], suggested_category: null }),
      () => item,
    );
    const user = await openItem();
    const open = await screen.findByTestId('edit-evidence');
    open.focus();
    await user.keyboard('{Enter}');
    expect(document.activeElement, 'the form opens on its first field').toBe(screen.getByLabelText('Description'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: /Edit details/ }), 'Escape cancels').toBeNull();
    expect(document.activeElement, 'focus goes back to the button').toBe(screen.getByTestId('edit-evidence'));
    expect(calls.some((c) => c.cmd === 'evidence_edit'), 'a cancelled edit sends nothing').toBe(false);

    await user.keyboard('{Enter}');
    const form = within(screen.getByRole('form', { name: /Edit details/ }));
    await user.clear(form.getByLabelText('Description'));
    await user.keyboard('Door badge log, building B');
    await user.selectOptions(form.getByLabelText('Category'), 'log');
    await user.clear(form.getByLabelText('Source / custodian'));
    await user.type(form.getByLabelText('Source / custodian'), 'Badge server{Enter}');
    expect(calls.find((c) => c.cmd === 'evidence_edit')?.args).toEqual({
      id: 'EV-0001',
      edit: { description: 'Door badge log, building B', category: 'log', source: 'Badge server' },
    });
  });
});
