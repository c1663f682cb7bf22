import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { backend, chosen, openCase } from './backend';
import { diffJson } from '../src/lib/diff';
import type { ActivityEntry, AuditTerms, Verification } from '../src/lib/bindings';

async function openActivity() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await user.click(await screen.findByTestId('nav-activity'));
  return user;
}

const entry = (seq: number, action: string, action_label: string, entity_label: string, old_value: string | null, new_value: string | null): ActivityEntry => ({
  entry: {
    seq,
    at_utc: '2026-11-20T09:00:00Z',
    actor: 'Ina Investigator <ina@example.org> (IR)',
    action,
    entity_type: 'evidence',
    entity_id: 'EV-0003',
    old_value,
    new_value,
    prev_hash: '0'.repeat(64),
    hash: '1'.repeat(64),
    state: '2'.repeat(64),
  },
  action_label,
  entity_kind: 'Evidence',
  entity_label,
});

const terms: AuditTerms = {
  actions: [
    { code: 'evidence.add', label: 'Evidence added' },
    { code: 'evidence.edit', label: 'Evidence details corrected' },
  ],
  entity_kinds: [
    { code: 'evidence', label: 'Evidence' },
    { code: 'key_date', label: 'Key date' },
  ],
  actors: ['Ina Investigator <ina@example.org> (IR)', 'Oscar Other <oscar@example.org> (IR)'],
};

const edit = entry(
  7,
  'evidence.edit',
  'Evidence details corrected',
  'EV-0003 · export.csv',
  '{"category":"other","source":"DBA"}',
  '{"category":"log","source":"DBA team"}',
);

describe('the activity view', () => {
  it('shows each entry by its action label and entity name, and its changes field by field on demand', async () => {
    backend(openCase({ audit_activity: () => [edit], audit_terms: () => terms }));
    const user = await openActivity();
    const row = await screen.findByTestId('audit-row');
    expect(within(row).getByTestId('audit-action').textContent).toContain('Evidence details corrected');
    expect(within(row).getByTestId('audit-entity').textContent).toBe('EV-0003 · export.csv');
    expect(row.textContent, 'the name, not the whole recorded actor').toContain('Ina Investigator');
    expect(row.textContent).not.toContain('ina@example.org');
    expect(screen.queryByTestId('audit-diff'), 'changes are shown on demand').toBeNull();

    const expand = within(row).getByTestId('audit-expand');
    expand.focus();
    await user.keyboard('{Enter}');
    expect(expand.getAttribute('aria-expanded')).toBe('true');
    const rows = within(await screen.findByTestId('audit-diff')).getAllByTestId('audit-diff-row');
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.replace(/ \(changed\)$/, '')))).toEqual([
      ['category', 'other', 'log'],
      ['source', 'DBA', 'DBA team'],
    ]);
    expect(rows.every((r) => r.classList.contains('changed'))).toBe(true);
  });

  it('asks the core for entries by action, entity and person, and pages back with the last seq', async () => {
    const page = Array.from({ length: 200 }, (_, i) => entry(300 - i, 'evidence.add', 'Evidence added', 'EV-0003 · export.csv', null, '{}'));
    const calls = backend(
      openCase({
        audit_activity: (a) => ((a.query as { before_seq: number | null }).before_seq ? [edit] : page),
        audit_terms: () => terms,
      }),
    );
    const user = await openActivity();
    await screen.findAllByTestId('audit-row');
    await user.selectOptions(screen.getByLabelText('Action'), 'evidence.add');
    await user.selectOptions(screen.getByLabelText('Entity'), 'evidence');
    await user.type(screen.getByLabelText('Id'), 'EV-0003');
    await user.selectOptions(screen.getByLabelText('Person'), 'Oscar Other <oscar@example.org> (IR)');
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === 'audit_activity').at(-1)?.args.query).toEqual({
        action: 'evidence.add',
        entity_type: 'evidence',
        entity_id: 'EV-0003',
        actor: 'Oscar Other <oscar@example.org> (IR)',
        limit: 200,
        before_seq: null,
      }),
    );
    await user.click(await screen.findByTestId('audit-older'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(201));
    expect(calls.filter((c) => c.cmd === 'audit_activity').at(-1)?.args.query).toMatchObject({ before_seq: 101, action: 'evidence.add' });
    expect(screen.queryByTestId('audit-older'), 'a short page is the last one').toBeNull();
  });
});

describe('the field-by-field diff', () => {
  it('saves a signed receipt, asking for the key passphrase only when the key is locked, and checks one', async () => {
    const saves: unknown[] = [];
    const calls = backend(
      openCase({
        audit_activity: () => [edit],
        audit_terms: () => terms,
        pick_save: () => ({ chosen: chosen('/out/head.json'), replaces: false }),
        pick_open: () => [chosen('/in/old.json')],
        audit_receipt_save: (a) => {
          saves.push(a.keyPassphrase);
          if (a.keyPassphrase === null) throw { kind: 'key_locked', message: 'text the UI must not depend on' };
          return { seq: 7, fingerprint: 'AB12-CD34-EF56-7890-AB12-CD34-EF56-7890' };
        },
        audit_receipt_check: () => ({
          valid: false,
          signer: 'Oscar Other <oscar@example.org> (IR)',
          fingerprint: '0000-1111-2222-3333-4444-5555-6666-7777',
          at_utc: '2026-11-19T09:00:00Z',
          seq: 5,
          head_hash: '5'.repeat(64),
          is_current_head: false,
          current_seq: 7,
          problem: 'entry 5 of the case history does not have the signed hash: the history was rewritten',
        }),
      }),
    );
    const user = await openActivity();
    await user.click(await screen.findByTestId('receipt-save'));
    expect((await screen.findByRole('alert')).textContent).toContain('protected by a passphrase');
    await user.type(await screen.findByLabelText('Signing key passphrase'), 'key words here');
    await user.click(screen.getByTestId('receipt-save'));
    const notice = await screen.findByTestId('receipt-notice');
    expect(notice.textContent).toContain('Receipt of entry 7 signed with key AB12-CD34-EF56-7890-AB12-CD34-EF56-7890');
    expect(saves).toEqual([null, 'key words here']);
    expect(calls.filter((c) => c.cmd === 'audit_receipt_save').map((c) => c.args.dest)).toEqual(['token:/out/head.json', 'token:/out/head.json']);

    await user.click(screen.getByTestId('receipt-check'));
    const verdict = await screen.findByTestId('receipt-result');
    expect(verdict.getAttribute('role'), 'a receipt that fails is an alert').toBe('alert');
    expect(verdict.textContent).toContain('does NOT hold');
    expect(verdict.textContent).toContain('the history was rewritten');
    expect(calls.find((c) => c.cmd === 'audit_receipt_check')?.args.file).toBe('token:/in/old.json');
  });

  it('flattens nested values and marks what was added, removed or changed', () => {
    expect(
      diffJson('{"acquired":{"tz":"UTC","utc":"x"},"flags":[],"gone":1}', '{"acquired":{"tz":"Europe/Dublin","utc":"x"},"flags":["zero_length"],"new":true}'),
    ).toEqual([
      { field: 'acquired.tz', before: 'UTC', after: 'Europe/Dublin', changed: true },
      { field: 'acquired.utc', before: 'x', after: 'x', changed: false },
      { field: 'flags', before: '[]', after: null, changed: true },
      { field: 'gone', before: '1', after: null, changed: true },
      { field: 'flags[0]', before: null, after: 'zero_length', changed: true },
      { field: 'new', before: null, after: 'true', changed: true },
    ]);
    expect(diffJson(null, '"email"'), 'a bare value is one field').toEqual([{ field: 'value', before: null, after: 'email', changed: true }]);
    expect(diffJson(null, null)).toEqual([]);
  });

  it('names each table and row changed outside Casebook when the state no longer verifies', async () => {
    const verification: Verification = {
      intact: false,
      entries: 12,
      head_hash: '1'.repeat(64),
      first_broken: null,
      state_digest: '3'.repeat(64),
      state_changes: [
        { table: 'people', row_id: 1234, change: 'edited' },
        { table: 'custody_events', row_id: 7, change: 'deleted' },
      ],
      state_changes_total: 3,
    };
    backend(openCase({ audit_activity: () => [edit], audit_terms: () => terms, audit_verify: () => verification }));
    const user = await openActivity();
    await user.click(screen.getByTestId('verify-audit'));
    const result = await screen.findByTestId('verify-result');
    expect(result.textContent).toContain('3 differences');
    const items = within(screen.getByTestId('state-changes')).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'people row 1234 was edited outside Casebook',
      'custody_events row 7 was deleted outside Casebook',
      '… and 1 more',
    ]);
  });
});
