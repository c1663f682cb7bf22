import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { backend, chosen, openCase, overview, snapshot, type Handler } from './backend';
import { byReleaseSet, insertToken, lineStart, lintOrder, NO_SET, previewLines, staleLine } from '../src/components/statements/draft';
import type { Finding, LintReport, Overview, Rendered, Statement, StatementDetail, StatementListing } from '../src/lib/bindings';

const SHA = 'cd'.repeat(32);

function statement(id: string, rest: Partial<Statement> = {}): Statement {
  return {
    id,
    kind: 'faq',
    audience: 'customers',
    jurisdictions: [],
    release_set: '',
    title: `Statement ${id}`,
    version: 1,
    state: 'draft',
    snapshot_id: 'TS-0001',
    sha256: SHA,
    published_version: null,
    created_at: '2019-11-01T10:00:00Z',
    created_by: 'Ina Investigator',
    ...rest,
  };
}

const listing = (s: Statement, changes: string[] = []): StatementListing => ({ statement: s, stale: changes.length > 0, changes });

function detailOf(s: Statement, body: string, rest: Partial<StatementDetail> = {}): StatementDetail {
  return {
    statement: s,
    versions: [
      { statement_id: s.id, version: 1, title: s.title, body, snapshot_id: s.snapshot_id, rendered: body, sha256: SHA, state: s.state, saved_at: '2019-11-01T10:00:00Z', saved_by: 'Ina Investigator' },
    ],
    transitions: [],
    approvals: [],
    awaiting: ['counsel'],
    ...rest,
  };
}

const finding = (severity: Finding['severity'], line: number | null, check: string): Finding => ({
  severity,
  check,
  statement: 'ST-0001',
  line,
  message: `${check} on line ${line}`,
  fix: `fix ${check}`,
});

function withCounsel(): Overview {
  return { ...overview({ team_members: 1 }), team: [{ id: 'T-0002', name: 'Marcus Feld', email: 'mfeld@feld.example', role: 'counsel', organisation: 'Feld & Partners' }] };
}

const rendered = (text: string, rest: Partial<Rendered> = {}): Rendered => ({ text, figures: [], problems: [], ...rest });

async function openStatements(handlers: Record<string, Handler>) {
  const calls = backend(
    openCase({
      case_open: () => withCounsel(),
      case_overview: () => withCounsel(),
      affected_snapshots: () => [],
      statement_preview: (a) => rendered(a.body as string),
      statement_lint: () => ({ statement_id: 'ST-0001', version: 1, findings: [], blocks: false }),
      statement_templates: () => [],
      ...handlers,
    }),
  );
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await user.click(await screen.findByTestId('nav-statements'));
  return { user, calls };
}

describe('the statement list', () => {
  it('groups statements by release set, sets by name, the ones without a set last', () => {
    const groups = byReleaseSet([
      listing(statement('ST-0003')),
      listing(statement('ST-0002', { release_set: 'November notice' })),
      listing(statement('ST-0001', { release_set: 'November notice' })),
      listing(statement('ST-0004', { release_set: 'Agency update' })),
    ]);
    expect(groups.map((g) => g.name)).toEqual(['Agency update', 'November notice', NO_SET]);
    expect(groups[1].rows.map((r) => r.statement.id), 'ids in order within a set').toEqual(['ST-0001', 'ST-0002']);
  });

  it('marks a stale statement with each figure the newest snapshot would change', async () => {
    const a = listing(statement('ST-0001', { release_set: 'November notice', state: 'approved' }), ['people: 3 → 5', 'state:CA: 1 → 2']);
    const b = listing(statement('ST-0002'));
    expect(staleLine(a)).toBe('people: 3 → 5; state:CA: 1 → 2');
    expect(staleLine(b), 'a current statement says nothing').toBe('');

    await openStatements({ statement_list: () => [a, b] });
    const groups = await screen.findAllByTestId('statement-group');
    expect(groups.map((g) => g.dataset.set)).toEqual(['November notice', NO_SET]);
    const [row] = within(groups[0]).getAllByTestId('statement-row');
    expect(within(row).getByTestId('statement-row-state').textContent).toBe('Approved');
    const stale = within(row).getByTestId('statement-stale');
    expect(stale.textContent, 'the changes are written out, not only hinted').toContain('people: 3 → 5');
    expect(within(groups[1]).queryByTestId('statement-stale'), 'a current statement is not marked').toBeNull();
    expect(row.querySelector('code')?.getAttribute('title'), 'the full SHA-256 on hover').toBe(SHA);
  });
});

describe('the statement editor', () => {
  const body = 'We told {{people|approx:1000}} customers.\nIn {{state:ZZ}} and {{state:CA}}.';
  const r = rendered('We told approximately 68,000 customers.\nIn {{state:ZZ}} and 12.', {
    figures: [
      { line: 1, token: '{{people|approx:1000}}', key: 'people', value: 'approximately 68,000', number: 68000 },
      { line: 2, token: '{{state:CA}}', key: 'state:CA', value: '12', number: 12 },
    ],
    problems: [{ line: 2, token: '{{state:ZZ}}', message: 'ZZ is not a US state code' }],
  });

  it('pairs each token with what it printed, and keeps an unresolved one as written', () => {
    const lines = previewLines(body, r);
    expect(lines[0]).toEqual([
      { kind: 'text', text: 'We told ' },
      { kind: 'figure', text: 'approximately 68,000', token: '{{people|approx:1000}}' },
      { kind: 'text', text: ' customers.' },
    ]);
    expect(lines[1].map((p) => p.kind)).toEqual(['text', 'problem', 'text', 'figure', 'text']);
  });

  it('previews the body with each figure marked by its token and each problem listed with its line', async () => {
    const s = statement('ST-0001');
    await openStatements({ statement_list: () => [listing(s)], statement_detail: () => detailOf(s, body), statement_preview: () => r });
    await userEvent.setup().click(await screen.findByTestId('statement-open'));
    const figures = await screen.findAllByTestId('preview-figure');
    expect(figures.map((f) => [f.textContent, f.title])).toEqual([
      ['approximately 68,000', '{{people|approx:1000}}'],
      ['12', '{{state:CA}}'],
    ]);
    expect(screen.getByTestId('preview-unresolved').title).toBe('ZZ is not a US state code');
    expect(screen.getByTestId('preview-problem').textContent).toContain('Line 2');
  });

  it('replaces the token being typed with the chosen form and puts the caret after it', () => {
    expect(insertToken('About {{peo', 11, '{{people}}')).toEqual({ text: 'About {{people}}', caret: 16 });
    expect(insertToken('About {{peo}} now', 11, '{{people}}'), 'a closing }} typed already is not doubled').toEqual({
      text: 'About {{people}} now',
      caret: 16,
    });
  });

  it('offers the token forms after {{ and inserts the chosen one with Enter', async () => {
    const s = statement('ST-0001');
    const { user } = await openStatements({ statement_list: () => [listing(s)], statement_detail: () => detailOf(s, '') });
    await user.click(await screen.findByTestId('statement-open'));
    const text = (await screen.findByTestId('statement-text')) as HTMLTextAreaElement;
    await user.click(text);
    await user.type(text, 'About {{{{peo');
    const options = await screen.findAllByTestId('token-option');
    expect(options[0].textContent).toContain('{{people}}');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(text.value, 'the second form, chosen with the arrow key').toBe('About {{people|approx:1000}}');
    expect(text.selectionStart).toBe(text.value.length);
    expect(screen.queryByTestId('token-list'), 'the list closes once the token is complete').toBeNull();
  });

  it('lists what blocks before what warns, each by line, and jumps the caret to a finding’s line', async () => {
    const findings = [finding('warns', 1, 'ratio'), finding('blocks', 3, 'typed_figure'), finding('blocks', null, 'missing_content'), finding('blocks', 2, 'token')];
    expect(lintOrder(findings).map((f) => f.check)).toEqual(['token', 'typed_figure', 'missing_content', 'ratio']);
    expect(lineStart('ab\ncd\nef', 3)).toBe(6);

    const s = statement('ST-0001');
    const lint: LintReport = { statement_id: 'ST-0001', version: 1, findings, blocks: true };
    const { user } = await openStatements({ statement_list: () => [listing(s)], statement_detail: () => detailOf(s, 'ab\ncd\n70,000 customers'), statement_lint: () => lint });
    await user.click(await screen.findByTestId('statement-open'));
    const shown = await screen.findAllByTestId('lint-finding');
    expect(shown.map((f) => f.dataset.check)).toEqual(['token', 'typed_figure', 'missing_content', 'ratio']);
    await user.click(within(shown[1]).getByTestId('lint-line'));
    const text = screen.getByTestId('statement-text') as HTMLTextAreaElement;
    expect(document.activeElement, 'the editor takes the keyboard').toBe(text);
    expect(text.selectionStart, 'the caret at the start of line 3').toBe(6);
  });
});

describe('approving a statement', () => {
  it('shows the core’s refusal while the linter blocks', async () => {
    const s = statement('ST-0001');
    const { user, calls } = await openStatements({
      statement_list: () => [listing(s)],
      statement_detail: () => detailOf(s, '70,000 customers'),
      statement_approve: () => {
        throw { kind: 'invalid', field: 'statement', message: 'statement: ST-0001 cannot be approved while the linter blocks: line 1: 70,000 is typed' };
      },
    });
    await user.click(await screen.findByTestId('statement-open'));
    expect((await screen.findByTestId('statement-awaiting')).textContent).toContain('counsel');
    await user.click(screen.getByTestId('statement-approve'));
    expect((screen.getByTestId('approval-by') as HTMLSelectElement).value, 'the only counsel on the team is chosen').toBe('T-0002');
    await user.selectOptions(screen.getByTestId('approval-manner'), 'email');
    await user.click(screen.getByTestId('approval-save'));
    expect((await screen.findByTestId('approval-problem')).textContent).toContain('cannot be approved while the linter blocks');
    expect(calls.find((c) => c.cmd === 'statement_approve')?.args).toEqual({
      id: 'ST-0001',
      approval: { by: 'T-0002', role: 'counsel', manner: 'email', evidence: null, comment: '' },
    });
  });
});

describe('a new statement', () => {
  it('starts from the library’s draft for its kind and the jurisdictions ticked', async () => {
    const draft = '# Notice of Data Breach\n\nYou have the right to obtain a police report.\n';
    const { user, calls } = await openStatements({
      statement_list: () => [],
      affected_snapshots: () => [snapshot('TS-0001', '2019-11-01T10:00:00Z', 5)],
      statement_draft: () => draft,
    });
    await user.click(await screen.findByTestId('statement-new'));
    await user.selectOptions(screen.getByLabelText('Kind'), 'customer_notice');
    await user.click(screen.getAllByTestId('statement-new-jurisdiction').find((c) => c.dataset.code === 'US-CA')!);
    await user.click(screen.getByTestId('statement-new-library'));
    expect(calls.find((c) => c.cmd === 'statement_draft')?.args, 'the kind and the jurisdictions ticked').toEqual({ kind: 'customer_notice', jurisdictions: ['US-CA'] });
    await expect.poll(() => (screen.getByTestId('statement-new-body') as HTMLTextAreaElement).value).toBe(draft);
  });
});

describe('letters from a notice', () => {
  it('are offered only for an approved customer notice and say how many were written', async () => {
    const notice = statement('ST-0001', { kind: 'customer_notice', state: 'approved', jurisdictions: ['US-CA'] });
    const { user, calls } = await openStatements({
      statement_list: () => [listing(notice)],
      statement_detail: () => detailOf(notice, 'You may obtain a police report.'),
      statement_merge: () => ({ statement_id: 'ST-0001', version: 1, path: '/out/letters.pdf', letters: 2, pages: 2, sha256: SHA }),
      pick_save: (a) => ({ chosen: chosen(`/out/${a.suggestedName}`), replaces: false }),
    });
    await user.click(await screen.findByTestId('statement-open'));
    await user.click(await screen.findByTestId('letters-write'));
    expect(calls.find((c) => c.cmd === 'pick_save')?.args, 'the save dialog offers a PDF named after the notice').toMatchObject({
      suggestedName: 'ST-0001-letters.pdf',
      filter: { name: 'PDF', extensions: ['pdf'] },
    });
    expect(calls.find((c) => c.cmd === 'statement_merge')?.args, 'the core gets the token of the file chosen').toEqual({
      id: 'ST-0001',
      dest: 'token:/out/ST-0001-letters.pdf',
    });
    expect((await screen.findByTestId('letters-result')).textContent).toContain('2 on 2 pages');
  });

  it('are not offered for a draft', async () => {
    const draft = statement('ST-0001', { kind: 'customer_notice', jurisdictions: ['US-CA'] });
    const { user } = await openStatements({ statement_list: () => [listing(draft)], statement_detail: () => detailOf(draft, 'x') });
    await user.click(await screen.findByTestId('statement-open'));
    await screen.findByTestId('statement-history');
    expect(screen.queryByTestId('letters-write'), 'people only receive approved text').toBeNull();
  });
});

describe('the case’s own templates', () => {
  it('start a new statement of their kind, and the editor keeps a body as one', async () => {
    const held = '{{people|approx:100}} customers: we are investigating.';
    const s = statement('ST-0001', { kind: 'press_release' });
    const { user, calls } = await openStatements({
      statement_list: () => [listing(s)],
      statement_detail: () => detailOf(s, 'Draft text'),
      affected_snapshots: () => [snapshot('TS-0001', '2019-11-01T10:00:00Z', 5)],
      statement_templates: () => [
        { id: 'TP-0001', name: 'Holding statement', kind: 'press_release', body: held, created_at: '2019-11-01T10:00:00Z', created_by: 'Ina' },
        { id: 'TP-0002', name: 'FAQ start', kind: 'faq', body: 'x', created_at: '2019-11-01T10:00:00Z', created_by: 'Ina' },
      ],
      statement_template_add: (a) => ({ id: 'TP-0003', created_at: '', created_by: '', ...(a.template as object) }),
    });
    await user.click(await screen.findByTestId('statement-new'));
    const options = within(await screen.findByTestId('statement-new-template')).getAllByRole('option').map((o) => o.textContent);
    expect(options, 'only templates of the kind chosen').toEqual(["The case's templates…", 'TP-0001 · Holding statement']);
    await user.selectOptions(screen.getByTestId('statement-new-template'), 'TP-0001');
    await user.click(screen.getByTestId('statement-new-use-template'));
    expect((screen.getByTestId('statement-new-body') as HTMLTextAreaElement).value).toBe(held);

    await user.click(screen.getByText('Cancel'));
    await user.click(await screen.findByTestId('statement-open'));
    await user.type(await screen.findByTestId('template-name'), 'Second draft');
    await user.click(screen.getByTestId('template-save'));
    expect(calls.find((c) => c.cmd === 'statement_template_add')?.args).toEqual({ template: { name: 'Second draft', kind: 'press_release', body: 'Draft text' } });
    expect((await screen.findByTestId('statement-notice')).textContent).toContain('TP-0003');
  });
});
