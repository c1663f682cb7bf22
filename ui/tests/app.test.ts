import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { backend, info, openCase, profile, vocab } from './backend';

describe('first run and the case list', () => {
  it('asks for the investigator profile before anything else and saves what was typed', async () => {
    let saved: unknown = null;
    backend({
      profile_get: () => null,
      app_info: () => info,
      vocabularies: () => vocab,
      profile_set: (a) => (saved = a.profile),
      app_settings_get: () => ({ lock_after_minutes: 15 }),
      recent_cases: () => [],
      cases_found: () => [],
    });
    render(App);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Your name'), 'Ina Investigator');
    await user.type(screen.getByLabelText('E-mail'), 'ina@example.org');
    await user.type(screen.getByLabelText('Organisation'), 'IR');
    await user.click(screen.getByTestId('profile-save'));
    expect(saved, 'the profile goes to the backend as typed').toEqual(profile);
    expect(await screen.findByTestId('new-case'), 'after the profile, the case list shows').toBeTruthy();
  });

  it('says "Wrong passphrase" when the backend refuses the key, by kind not by text', async () => {
    backend(
      openCase({
        case_open: () => {
          throw { kind: 'wrong_passphrase', message: 'something the UI must not depend on' };
        },
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('recent-case'));
    expect(screen.getByTestId('open-path').textContent, 'a recent case shows its folder').toBe('/cases/helpdesk.casebook');
    await user.type(screen.getByLabelText('Passphrase'), 'nope');
    await user.click(screen.getByTestId('open-case'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Wrong passphrase');
  });

  it('refuses to create a case when the two passphrases differ, without calling the backend', async () => {
    const calls = backend(openCase());
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('new-case'));
    await user.type(screen.getByLabelText('Title'), 'Helpdesk');
    await user.type(screen.getByLabelText('Passphrase', { selector: '#new-case-passphrase' }), 'long enough 1');
    await user.type(screen.getByLabelText('Passphrase again'), 'long enough 2');
    await user.click(screen.getByTestId('create-case'));
    expect((await screen.findByRole('alert')).textContent).toContain('passphrases differ');
    expect(calls.some((c) => c.cmd === 'case_create'), 'nothing was created').toBe(false);
  });

  it('creates the case in the folder shown, named after the title unless renamed', async () => {
    let created: Record<string, unknown> | null = null;
    backend(
      openCase({
        case_create: (a) => {
          created = a;
          return openCase().case_overview({});
        },
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('new-case'));
    await user.type(screen.getByLabelText('Title'), 'Helpdesk Export Theft');
    await user.type(screen.getByLabelText('Passphrase', { selector: '#new-case-passphrase' }), 'long enough 1');
    await user.type(screen.getByLabelText('Passphrase again'), 'long enough 1');
    await user.click(screen.getByTestId('create-case'));
    expect(await screen.findByTestId('nav-timeline'), 'the new case opens').toBeTruthy();
    expect(created!.folder, 'no folder chosen: the app\'s cases folder').toBeNull();
    expect(created!.name).toBe('helpdesk-export-theft');
    expect(created!.passphrase).toBe('long enough 1');
  });
});
