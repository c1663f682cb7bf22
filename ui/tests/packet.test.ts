import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { backend, chosen, openCase, snapshot, vocab, type Handler } from './backend';
import type { PacketOptions, PacketRecord } from '../src/lib/bindings';

// pdf.js does not run in jsdom; the preview loads it through this one module, so the tests
// stand in for that module only and check what the view does with a document of 3 pages.
const drawn: number[] = [];
vi.mock('../src/lib/pdf', () => ({
  openPdf: async (data: Uint8Array) => {
    if (new TextDecoder().decode(data.slice(0, 5)) !== '%PDF-') throw new Error('not a PDF');
    return {
      pages: 3,
      render: async (n: number) => {
        drawn.push(n);
        return true;
      },
      close: async () => {},
    };
  },
}));

// The packet's vocabularies arrive with every other one, in the app's one `vocabularies` fetch.
const terms = { section: vocab.section, redaction: vocab.redaction };

const MARKING = 'Privileged & Confidential — Attorney-Client Communication';

const defaults: PacketOptions = {
  title: 'Incident packet',
  purpose: 'Prepared for counsel.',
  sections: terms.section.map((t) => t.code),
  redaction: 'partial',
  marking: MARKING,
  bates_prefix: 'CASEBOOK-',
  bates_start: 1,
  summary: null,
  snapshot_id: null,
  prepared_by: 'Ina Investigator',
};

function record(n: number, options: Partial<PacketOptions> = {}, path = `/out/IR-1-packet-${n}.pdf`): PacketRecord {
  return {
    packet_id: `PK-${n}`,
    generated_at: `2026-11-2${n}T10:00:00Z`,
    generated_by: 'Ina Investigator',
    path,
    sha256: String(n).repeat(64),
    pages: 10 + n,
    bytes: 20_000,
    bates_first: `ACME-${String(1).padStart(6, '0')}`,
    bates_last: `ACME-${String(10 + n).padStart(6, '0')}`,
    as_of_seq: 40 + n,
    options: { ...defaults, ...options },
  };
}


/** A tiny file that starts like a PDF, as the core would send it. */
const PDF_BASE64 = btoa('%PDF-1.7\n%test\n');

function packetCase(extra: Record<string, Handler> = {}) {
  return openCase({
    packet_defaults: () => defaults,
    affected_snapshots: () => [],
    packet_list: () => [],
    packet_snapshot_currency: () => null,
    ...extra,
  });
}

async function openPacketView() {
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await screen.findByTestId('nav-packet');
  await user.keyboard('{Alt>}7{/Alt}');
  await screen.findByTestId('packet-generate');
  return user;
}

describe('the packet view', () => {
  it('generates with every section by default, the chosen redaction and Bates prefix, then shows the hash and the pages', async () => {
    let generate: Record<string, unknown> | null = null;
    let finish!: (r: PacketRecord) => void;
    const done = record(3, { redaction: 'full', bates_prefix: 'ACME-' }, '/out/packet.pdf');
    let generated = false;
    const calls = backend(
      packetCase({
        pick_save: () => ({ chosen: chosen('/out/packet.pdf'), replaces: false }),
        packet_generate: (a) => {
          generate = a;
          return new Promise((resolve) => (finish = resolve));
        },
        packet_list: () => (generated ? [done] : []),
        packet_read: () => PDF_BASE64,
      }),
    );
    const user = await openPacketView();
    expect(screen.getByTestId('nav-packet').getAttribute('aria-current'), 'Alt+7 opens the packet').toBe('page');
    for (const t of terms.section) {
      expect((screen.getByTestId(`packet-section-${t.code}`) as HTMLInputElement).checked, `${t.code} is on by default`).toBe(true);
    }
    expect(screen.getByLabelText('Appendix: audit log'), 'sections are labelled from the vocabulary').toBeTruthy();
    expect((screen.getByTestId('packet-redaction-partial') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Marking on the cover and every page') as HTMLTextAreaElement).value).toBe(MARKING);
    expect((screen.getByLabelText('Prepared by') as HTMLInputElement).value).toBe('Ina Investigator');

    await user.click(screen.getByTestId('packet-redaction-full'));
    const prefix = screen.getByTestId('packet-bates-prefix');
    await user.clear(prefix);
    await user.type(prefix, 'ACME-');
    await user.click(screen.getByTestId('packet-choose-dest'));
    expect((await screen.findByTestId('packet-dest')).textContent, 'the chosen file shows').toBe('/out/packet.pdf');
    await user.click(screen.getByTestId('packet-generate'));

    await vi.waitFor(() => expect(generate).not.toBeNull());
    expect(generate).toEqual({
      taskId: expect.any(String),
      dest: 'token:/out/packet.pdf',
      options: { ...defaults, redaction: 'full', bates_prefix: 'ACME-' },
      keyPassphrase: null,
    });
    await emit('task-progress', {
      task_id: generate!.taskId,
      label: 'Generating the packet',
      done: 3,
      total: 12,
      rate: 6,
      eta_seconds: 2,
      items: 0,
      item_rate: 0,
    });
    expect((await screen.findByTestId('task-percent')).textContent).toBe('25%');
    expect(screen.getByTestId('packet-generate').hasAttribute('disabled'), 'one packet at a time').toBe(true);

    generated = true;
    finish(done);
    expect((await screen.findByTestId('packet-result-sha256')).textContent, 'the whole hash').toBe('3'.repeat(64));
    const result = screen.getByTestId('packet-result');
    expect(within(result).getByTestId('packet-result-bates').textContent).toBe('ACME-000001 – ACME-000013');
    expect(within(result).getByTestId('packet-result-pages').textContent).toContain('13 pages');

    // A small packet opens in the preview by itself; its pages turn from the keyboard.
    const preview = await screen.findByTestId('packet-preview');
    expect((await within(preview).findByTestId('packet-preview-page')).textContent).toBe('Page 1 of 3');
    expect(calls.find((c) => c.cmd === 'packet_read')?.args).toEqual({ path: '/out/packet.pdf' });
    await user.click(within(preview).getByTestId('packet-preview-next'));
    expect(within(preview).getByTestId('packet-preview-page').textContent).toBe('Page 2 of 3');
    await user.keyboard('{End}');
    expect(within(preview).getByTestId('packet-preview-page').textContent).toBe('Page 3 of 3');
    expect(within(preview).getByTestId('packet-preview-next').hasAttribute('disabled')).toBe(true);
    await user.keyboard('{ArrowLeft}');
    expect(within(preview).getByTestId('packet-preview-page').textContent).toBe('Page 2 of 3');
    await vi.waitFor(() => expect(drawn.at(-1), 'only the page on screen is drawn').toBe(2));

    // The list reloads with the new packet.
    expect((await screen.findByTestId('packet-sha256')).textContent).toBe('3'.repeat(64));
  });

  it('sends no marking for a public version, asks where to save, and sends the summary and snapshot chosen', async () => {
    let generate: Record<string, unknown> | null = null;
    let dialog: Record<string, unknown> | null = null;
    backend(
      packetCase({
        affected_snapshots: () => [snapshot('S-0001', '2026-11-01T09:00:00Z', 4), snapshot('S-0002', '2026-11-02T09:00:00Z', 5)],
        pick_save: (a) => {
          dialog = a;
          // The shell adds the filter's extension to a name without it.
          return { chosen: chosen('/out/for-counsel.pdf'), replaces: false };
        },
        packet_generate: (a) => {
          generate = a;
          return new Promise(() => {});
        },
      }),
    );
    const user = await openPacketView();
    const select = screen.getByTestId('packet-snapshot') as HTMLSelectElement;
    await vi.waitFor(() => expect(select.options[0].textContent).toContain('The newest (S-0002'));
    await user.selectOptions(select, 'S-0001');
    await user.click(screen.getByTestId('packet-public'));
    expect(screen.getByTestId('packet-marking').hasAttribute('disabled')).toBe(true);
    await user.click(screen.getByTestId('packet-section-audit_log'));
    await user.type(screen.getByLabelText('Executive summary (optional)'), 'For the regulator.');
    await user.click(screen.getByTestId('packet-generate'));

    await vi.waitFor(() => expect(generate).not.toBeNull());
    expect(dialog, 'no path given: the save dialog offers a name from the case reference').toMatchObject({ suggestedName: 'IR-1-packet.pdf' });
    expect(generate!.dest).toBe('token:/out/for-counsel.pdf');
    expect(generate!.options).toEqual({
      ...defaults,
      sections: terms.section.map((t) => t.code).filter((c) => c !== 'audit_log'),
      marking: null,
      summary: 'For the regulator.',
      snapshot_id: 'S-0001',
    });
    expect(screen.getByTestId('packet-dest').textContent).toBe('/out/for-counsel.pdf');
  });

  it('says plainly when the snapshot chosen is older than the case, for the newest and for any other', async () => {
    const asked: unknown[] = [];
    backend(
      packetCase({
        affected_snapshots: () => [snapshot('TS-0001', '2026-11-01T09:00:00Z', 100), snapshot('TS-0002', '2026-11-02T09:00:00Z', 396)],
        packet_snapshot_currency: (a) => {
          asked.push(a.snapshotId);
          const id = (a.snapshotId as string | null) ?? 'TS-0002';
          if (id === 'TS-0002') {
            return { snapshot_id: id, current: true, people_now: 396, records_now: 396, batches_added: [], batches_removed: [], rule_now: null, note: null };
          }
          return {
            snapshot_id: id,
            current: false,
            people_now: 396,
            records_now: 396,
            batches_added: ['IB-0002'],
            batches_removed: [],
            rule_now: null,
            note: 'Tallies from TS-0001 (100 people), taken before batch IB-0002; the case now holds 396 people (396 records).',
          };
        },
      }),
    );
    const user = await openPacketView();
    const select = screen.getByTestId('packet-snapshot') as HTMLSelectElement;
    await vi.waitFor(() => expect(select.options[0].textContent).toContain('The newest (TS-0002'));
    await vi.waitFor(() => expect(asked).toContain(null));
    expect(screen.queryByTestId('packet-snapshot-stale'), 'the newest snapshot matches the case').toBeNull();
    await user.selectOptions(select, 'TS-0001');
    const stale = await screen.findByTestId('packet-snapshot-stale');
    expect(stale.textContent).toContain('taken before batch IB-0002; the case now holds 396 people');
    await user.selectOptions(select, '');
    await vi.waitFor(() => expect(screen.queryByTestId('packet-snapshot-stale')).toBeNull());
  });

  it('lists past packets newest first with their full hashes and options, and previews any of them', async () => {
    const packets = [
      record(2, { marking: null, redaction: 'none', sections: ['summary', 'tallies'] }),
      record(1),
    ];
    const calls = backend(packetCase({ packet_list: () => packets, packet_read: () => PDF_BASE64 }));
    const user = await openPacketView();
    const list = await screen.findByTestId('packet-list');
    const rows = within(list).getAllByTestId('packet-row');
    expect(rows.map((r) => within(r).getByTestId('packet-sha256').textContent)).toEqual(['2'.repeat(64), '1'.repeat(64)]);
    const first = within(rows[0]).getByTestId('packet-options').textContent!;
    expect(first).toContain('Executive summary; Affected individuals');
    expect(first).toContain('Not redacted');
    expect(first).toContain('Public version (no marking)');
    expect(within(rows[1]).getByTestId('packet-options').textContent).toContain(`All ${terms.section.length} sections`);
    expect(rows[0].textContent).toContain('ACME-000012');

    await user.click(within(rows[1]).getByTestId('packet-list-preview'));
    const preview = await screen.findByTestId('packet-preview');
    expect(preview.textContent).toContain('PK-1');
    expect(await within(preview).findByText('Page 1 of 3')).toBeTruthy();
    expect(calls.find((c) => c.cmd === 'packet_read')?.args).toEqual({ path: '/out/IR-1-packet-1.pdf' });
    expect(preview.contains(document.activeElement), 'focus moves to the preview').toBe(true);
  });

  it('asks before replacing a file whose name the shell completed, and writes nothing when the answer is no', async () => {
    const asked: string[] = [];
    const confirm = vi.spyOn(window, 'confirm').mockImplementation((message) => {
      asked.push(String(message));
      return asked.length > 1;
    });
    try {
      const calls = backend(
        packetCase({
          // The user typed `old` and the shell made it `old.pdf`, which exists: the dialog never asked about that name.
          pick_save: () => ({ chosen: chosen('/out/old.pdf'), replaces: true }),
          packet_generate: () => new Promise(() => {}),
        }),
      );
      const user = await openPacketView();
      await user.click(screen.getByTestId('packet-choose-dest'));
      expect(asked[0], 'the question names the file and its folder').toBe('old.pdf already exists in /out. Replace it?');
      expect(screen.getByTestId('packet-dest').textContent, 'no: nothing is chosen').not.toContain('old.pdf');
      await user.click(screen.getByTestId('packet-choose-dest'));
      expect((await screen.findByTestId('packet-dest')).textContent, 'yes: the file is chosen').toBe('/out/old.pdf');
      await user.click(screen.getByTestId('packet-generate'));
      await vi.waitFor(() => expect(calls.find((c) => c.cmd === 'packet_generate')?.args.dest).toBe('token:/out/old.pdf'));
    } finally {
      confirm.mockRestore();
    }
  });

  it('says why generation stopped by its kind and keeps the options', async () => {
    backend(
      packetCase({
        pick_save: () => ({ chosen: chosen('/out/p.pdf'), replaces: false }),
        packet_generate: () => {
          throw { kind: 'cancelled', message: 'text the UI must not depend on' };
        },
      }),
    );
    const user = await openPacketView();
    await user.click(screen.getByTestId('packet-redaction-none'));
    await user.click(screen.getByTestId('packet-choose-dest'));
    await screen.findByText('/out/p.pdf');
    await user.click(screen.getByTestId('packet-generate'));
    expect((await screen.findByRole('alert')).textContent).toContain('Cancelled. Nothing was changed.');
    expect((screen.getByTestId('packet-redaction-none') as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByTestId('packet-result')).toBeNull();
  });

  it('asks for the signing key passphrase when the key is locked, and sends it with the retry', async () => {
    const sent: unknown[] = [];
    backend(
      packetCase({
        pick_save: () => ({ chosen: chosen('/out/p.pdf'), replaces: false }),
        packet_generate: (a) => {
          sent.push(a.keyPassphrase);
          throw { kind: 'key_locked', message: 'text the UI must not depend on' };
        },
      }),
    );
    const user = await openPacketView();
    expect(screen.queryByLabelText('Signing key passphrase'), 'not asked before it is needed').toBeNull();
    await user.click(screen.getByTestId('packet-choose-dest'));
    await screen.findByText('/out/p.pdf');
    await user.click(screen.getByTestId('packet-generate'));
    expect((await screen.findByRole('alert')).textContent).toContain('protected by a passphrase');
    await user.type(await screen.findByLabelText('Signing key passphrase'), 'key words here');
    await user.click(screen.getByTestId('packet-generate'));
    await vi.waitFor(() => expect(sent).toEqual([null, 'key words here']));
  });

  it('opens a packet in the PDF reader and checks files against the list, loudly when one matches nothing', async () => {
    const packets = [record(2), record(1)];
    const calls = backend(
      packetCase({
        packet_list: () => packets,
        packet_open: () => null,
        pick_open: () => [chosen('/inbox/from-counsel.pdf')],
        packet_check_recorded: (a) => ({ path: a.path as string, sha256: '1'.repeat(64), bytes: 20_000, matches: [packets[1]], receipt: null, receipt_missing: null }),
        packet_check: (a) => ({
          path: (a.file as string).replace('token:', ''),
          sha256: 'e'.repeat(64),
          bytes: 20_008,
          matches: [],
          receipt: {
            valid: true,
            signer: 'Ina Investigator <ina@example.org> (IR)',
            fingerprint: 'AB12-CD34-EF56-7890-AB12-CD34-EF56-7890',
            at_utc: '2026-11-20T09:00:00Z',
            seq: 41,
            head_hash: '4'.repeat(64),
            is_current_head: false,
            current_seq: 45,
            problem: null,
          },
          receipt_missing: null,
        }),
      }),
    );
    const user = await openPacketView();
    const rows = within(await screen.findByTestId('packet-list')).getAllByTestId('packet-row');

    await user.click(within(rows[0]).getByTestId('packet-list-open'));
    expect(calls.find((c) => c.cmd === 'packet_open')?.args).toEqual({ path: '/out/IR-1-packet-2.pdf' });
    expect((await screen.findByRole('status')).textContent).toContain('PK-2');

    await user.click(within(rows[1]).getByTestId('packet-list-check'));
    const good = await screen.findByTestId('packet-check');
    expect(good.textContent).toContain('The file is packet PK-1');
    expect(good.getAttribute('role')).toBe('status');
    expect(document.activeElement, 'the verdict takes focus so it is read out').toBe(good);

    await user.click(screen.getByTestId('packet-check-file'));
    const bad = await screen.findByTestId('packet-check');
    expect(bad.getAttribute('role'), 'a file that is no packet is an alert').toBe('alert');
    expect(bad.textContent).toContain('not a packet generated from this case');
    expect(within(bad).getByTestId('packet-check-path').textContent).toBe('/inbox/from-counsel.pdf');
    expect(within(bad).getByTestId('packet-check-sha256').textContent).toBe('e'.repeat(64));
    const receipt = within(bad).getByTestId('packet-check-receipt').textContent ?? '';
    expect(receipt, 'a re-saved copy still says who signed which head').toContain('entry 41 signed by Ina Investigator');
    expect(receipt).toContain('AB12-CD34-EF56-7890-AB12-CD34-EF56-7890');
    expect(receipt).toContain('still in the case history');
  });

  it('says plainly when no PDF reader opened a packet, offers its folder, and then its path to copy', async () => {
    const packets = [record(2), record(1)];
    const calls = backend(
      packetCase({
        packet_list: () => packets,
        packet_open: () => {
          throw { kind: 'no_application', message: 'text the UI must not depend on' };
        },
        packet_show_in_folder: () => {
          throw { kind: 'no_application', message: 'text the UI must not depend on' };
        },
      }),
    );
    const user = await openPacketView();
    const rows = within(await screen.findByTestId('packet-list')).getAllByTestId('packet-row');

    await user.click(within(rows[1]).getByTestId('packet-list-open'));
    const failed = await screen.findByTestId('packet-open-failed');
    expect(failed.getAttribute('role'), 'the failure is announced').toBe('alert');
    expect(failed.textContent).toContain('No PDF reader on this computer opened PK-1');
    const folder = within(failed).getByTestId('packet-show-in-folder');
    expect(document.activeElement, 'the next step takes focus, so Enter takes it').toBe(folder);
    expect(screen.queryByRole('status'), 'nothing claims the packet was opened').toBeNull();

    await user.keyboard('{Enter}');
    expect(calls.find((c) => c.cmd === 'packet_show_in_folder')?.args, 'the folder of the packet clicked').toEqual({
      path: '/out/IR-1-packet-1.pdf',
    });
    const path = await screen.findByTestId('packet-open-path');
    expect(path.textContent, 'with no file manager either, the full path is shown').toBe('/out/IR-1-packet-1.pdf');
    await user.click(screen.getByTestId('packet-copy-path'));
    expect(await navigator.clipboard.readText(), 'the clipboard user-event provides holds the path').toBe('/out/IR-1-packet-1.pdf');
    expect((await screen.findByRole('status')).textContent).toContain('Path copied');
  });

  it('shows the folder when asked after a failed open, and says it did', async () => {
    backend(
      packetCase({
        packet_list: () => [record(1)],
        packet_open: () => {
          throw { kind: 'no_application', message: 'no PDF reader' };
        },
        packet_show_in_folder: () => null,
      }),
    );
    const user = await openPacketView();
    await user.click(await screen.findByTestId('packet-list-open'));
    await user.click(await screen.findByTestId('packet-show-in-folder'));
    expect((await screen.findByTestId('packet-opened')).textContent).toContain('The folder holding PK-1 was opened');
    expect(screen.queryByTestId('packet-open-failed')).toBeNull();
  });
});
