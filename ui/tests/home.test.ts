import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { backend, chosen, info, openCase, overview } from './backend';

const demoOverview = () => ({
  ...overview(),
  path: `${info.default_cases_dir}/operation-switchboard.casebook`,
  info: { ...overview().info, title: 'Support database exfiltration by an insider' },
});

describe('the home screen', () => {
  it('lists case folders found in the cases folder, and choosing one with the keyboard shows its folder', async () => {
    backend(
      openCase({
        cases_found: () => [
          {
            token: 'token:cli',
            path: `${info.default_cases_dir}/from-the-cli.casebook`,
            name: 'from-the-cli',
            modified_at: '2026-11-21T10:15:00Z',
          },
        ],
      }),
    );
    render(App);
    const user = userEvent.setup();
    const found = await screen.findByTestId('found-case');
    expect(found.textContent, 'the folder name and when it changed').toContain('from-the-cli');
    expect(found.textContent).toContain('2026-11-21 10:15 UTC');
    expect(screen.getAllByTestId('recent-case'), 'the recent list still shows').toHaveLength(1);
    found.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('open-path').textContent).toBe(`${info.default_cases_dir}/from-the-cli.casebook`);
    expect(document.activeElement, 'the passphrase is next').toBe(screen.getByLabelText('Passphrase'));
  });

  it('shows the signing key on the profile screen, and makes one with the passphrase typed', async () => {
    let made: Record<string, unknown> | null = null;
    backend(
      openCase({
        signing_key_get: () => null,
        signing_key_create: (a) => {
          made = a;
          return { fingerprint: 'AB12-CD34-EF56-7890-AB12-CD34-EF56-7890', public_key: 'a2V5', protected: true };
        },
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByText('Edit profile'));
    expect((await screen.findByText(/No signing key yet/)).textContent).toContain('first receipt or packet');
    await user.type(screen.getByLabelText(/Key passphrase/), 'key words here');
    await user.click(screen.getByTestId('key-create'));
    expect((await screen.findByTestId('key-fingerprint')).textContent).toBe('AB12-CD34-EF56-7890-AB12-CD34-EF56-7890');
    expect(screen.getByText('(passphrase-protected)')).toBeTruthy();
    expect(made).toEqual({ passphrase: 'key words here' });
  });

  it('sends the reference typed in the new-case form', async () => {
    let created: Record<string, unknown> | null = null;
    backend(
      openCase({
        case_create: (a) => {
          created = a;
          return overview();
        },
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('new-case'));
    await user.type(screen.getByLabelText('Title'), 'Helpdesk');
    await user.type(screen.getByLabelText('Reference'), ' IR-2026-014 ');
    await user.click(screen.getByTestId('new-case-playbook'));
    await user.type(screen.getByLabelText('Passphrase', { selector: '#new-case-passphrase' }), 'long enough 1');
    await user.type(screen.getByLabelText('Passphrase again'), 'long enough 1');
    await user.click(screen.getByTestId('create-case'));
    await screen.findByTestId('nav-timeline');
    expect((created!.details as { reference: string }).reference, 'trimmed, as typed').toBe('IR-2026-014');
    expect((created!.details as { playbook: boolean }).playbook, 'ticked, the playbook is applied').toBe(true);
  });

  it('creates the demo case with the passphrase chosen twice, shows its progress, and opens it', async () => {
    let chosen: unknown = null;
    let taskId = '';
    let finish: (() => void) | null = null;
    const calls = backend(
      openCase({
        demo_existing: () => [],
        demo_create: (a) => {
          chosen = a.passphrase;
          taskId = a.taskId as string;
          return new Promise((resolve) => (finish = () => resolve(demoOverview())));
        },
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('demo-open'));
    await user.type(screen.getByLabelText('Demo passphrase'), 'demo passphrase');
    await user.type(screen.getByLabelText('Demo passphrase again'), 'demo passphrase?');
    await user.click(screen.getByTestId('demo-create'));
    expect((await screen.findByRole('alert')).textContent).toContain('passphrases differ');
    expect(calls.some((c) => c.cmd === 'demo_create'), 'nothing was created').toBe(false);

    await user.clear(screen.getByLabelText('Demo passphrase again'));
    await user.type(screen.getByLabelText('Demo passphrase again'), 'demo passphrase');
    await user.click(screen.getByTestId('demo-create'));
    await expect.poll(() => taskId, { message: 'the task started' }).not.toBe('');
    await emit('task-progress', {
      task_id: taskId,
      label: 'Creating the demo case',
      done: 40,
      total: 100,
      rate: 10,
      eta_seconds: 6,
      items: 250,
      item_rate: 100,
    });
    expect((await screen.findByTestId('task-percent')).textContent, 'progress shows while it builds').toBe('40%');
    expect(screen.getByTestId('task-items').textContent, 'the rows imported so far').toBe('250 rows');
    finish!();
    expect(await screen.findByTestId('nav-timeline'), 'the demo case opens').toBeTruthy();
    expect(chosen).toBe('demo passphrase');
  });

  it('offers the demo case already in the cases folder instead of making another, and can still make one beside it', async () => {
    const calls = backend(
      openCase({
        demo_existing: () => [
          {
            token: 'token:demo',
            path: `${info.default_cases_dir}/operation-switchboard.casebook`,
            name: 'operation-switchboard',
            modified_at: '2026-11-21T10:15:00Z',
          },
        ],
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('demo-open'));
    await user.click(await screen.findByTestId('demo-existing'));
    expect(screen.getByTestId('open-path').textContent, 'the existing one is ready to open').toBe(
      `${info.default_cases_dir}/operation-switchboard.casebook`,
    );
    expect(calls.some((c) => c.cmd === 'demo_create'), 'no second demo case unasked').toBe(false);
    await user.click(screen.getByTestId('demo-new'));
    expect(screen.getByLabelText('Demo passphrase'), 'a new one beside it needs its passphrase').toBeTruthy();
  });

  it('opens a bundle into a new folder, names who sealed it, and readies that folder for its passphrase', async () => {
    let asked: Record<string, unknown> | null = null;
    backend(
      openCase({
        pick_open: (a) => [chosen(a.directory ? '/home/me/Cases' : '/media/usb/acme.cbx')],
        pick_folder: () => chosen('/home/me/Cases'),
        bundle_open: (a) => {
          asked = a;
          return {
            token: 'token:/home/me/Cases/moved.casebook',
            path: '/home/me/Cases/moved.casebook',
            case_id: 'c-1',
            sealed_at: '2026-11-21T10:15:00.000Z',
            sealer: { name: 'Priya Raman', fingerprint: '3F2A-9C01-0000-1111-2222-3333-4444-5555', public_key: 'k' },
            audit_head: { seq: 42, hash: 'ab'.repeat(32) },
            vault_files: 3,
            bytes: 1000,
          };
        },
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('bundle-choose-file'));
    await user.click(screen.getByTestId('bundle-choose-folder'));
    const name = screen.getByLabelText("New case folder's name") as HTMLInputElement;
    expect(name.value, 'the folder is named after the bundle unless the user says otherwise').toBe('acme.casebook');
    await user.clear(name);
    await user.type(name, 'moved.casebook');
    await user.click(screen.getByTestId('open-bundle'));
    const opened = await screen.findByTestId('bundle-opened');
    expect(opened.textContent, 'who sealed it and with which key').toContain('Priya Raman');
    expect(opened.textContent).toContain('3F2A-9C01-0000-1111-2222-3333-4444-5555');
    expect(asked).toMatchObject({ bundle: 'token:/media/usb/acme.cbx', into: 'token:/home/me/Cases', name: 'moved.casebook' });
    expect(screen.getByTestId('open-path').textContent, 'the opened folder is next to open').toBe('/home/me/Cases/moved.casebook');
    expect(document.activeElement, 'its passphrase is next').toBe(screen.getByLabelText('Passphrase'));
  });
});
