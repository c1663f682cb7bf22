import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { IdleTimer, isLockKey } from '../src/lib/lock';
import { backend, openCase, overview } from './backend';

describe('the idle timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once after the idle minutes, and input starts the wait again', () => {
    const fired = vi.fn();
    const t = new IdleTimer(fired);
    t.start(15);
    vi.advanceTimersByTime(14 * 60_000);
    t.activity();
    vi.advanceTimersByTime(14 * 60_000);
    expect(fired, 'input 14 minutes in restarts the 15-minute wait').not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * 60_000);
    expect(fired, 'it fires once, not every 15 minutes').toHaveBeenCalledTimes(1);
  });

  it('never fires with 0 minutes, nor after it is stopped', () => {
    const fired = vi.fn();
    const never = new IdleTimer(fired);
    never.start(0);
    const stopped = new IdleTimer(fired);
    stopped.start(1);
    stopped.stop();
    stopped.activity();
    vi.advanceTimersByTime(24 * 60 * 60_000);
    expect(fired).not.toHaveBeenCalled();
  });

  it('takes Ctrl+L and Cmd+L as the lock key, and leaves Ctrl+Shift+L and plain L alone', () => {
    const key = (k: Partial<KeyboardEvent>) => ({ key: 'l', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...k });
    expect(isLockKey(key({ ctrlKey: true }))).toBe(true);
    expect(isLockKey(key({ metaKey: true, key: 'L' }))).toBe(true);
    expect(isLockKey(key({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isLockKey(key({}))).toBe(false);
  });
});

async function openTheCase(extra: Parameters<typeof openCase>[0] = {}) {
  const calls = backend(openCase({ case_close: () => 'token:closed', ...extra }));
  const user = userEvent.setup();
  render(App);
  await user.click(await screen.findByTestId('recent-case'));
  await user.type(screen.getByLabelText('Passphrase'), 'right one');
  await user.click(screen.getByTestId('open-case'));
  await screen.findByTestId('nav-timeline');
  return { user, calls };
}

describe('locking the open case', () => {
  afterEach(cleanup);

  it('drops the case in the backend, shows nothing of it, and unlocks to the same view', async () => {
    const { user, calls } = await openTheCase({ timeline_list: () => [] });
    await user.click(screen.getByTestId('nav-timeline'));
    await user.click(screen.getByTestId('lock-case'));
    expect(await screen.findByTestId('locked-path')).toHaveProperty('textContent', '/cases/helpdesk.casebook');
    expect(calls.some((c) => c.cmd === 'case_close'), 'the backend drops the open case').toBe(true);
    expect(screen.queryByText('Helpdesk export theft'), 'the case title is gone from the screen').toBeNull();

    await user.type(screen.getByLabelText('Passphrase'), 'right one');
    await user.click(screen.getByTestId('unlock'));
    await screen.findByTestId('nav-timeline');
    expect(screen.getByTestId('nav-timeline').getAttribute('aria-current'), 'back on the view it was locked on').toBe('page');
    const open = calls.filter((c) => c.cmd === 'case_open').at(-1)!;
    expect(open.args, 'the same case is opened again').toMatchObject({ folder: 'token:closed', passphrase: 'right one' });
  });

  it('locks on Ctrl+L and stays locked on a wrong passphrase', async () => {
    let right = true;
    const { user } = await openTheCase({
      case_open: () => {
        if (right) return overview();
        throw { kind: 'wrong_passphrase', message: 'wrong' };
      },
    });
    await user.keyboard('{Control>}l{/Control}');
    await screen.findByTestId('locked-path');
    right = false;
    await user.type(screen.getByLabelText('Passphrase'), 'nope');
    await user.click(screen.getByTestId('unlock'));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong passphrase');
    expect(screen.getByTestId('locked-path'), 'still locked').toBeTruthy();
  });

  it('locks by itself after the idle minutes of the setting', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { calls } = await openTheCase({ app_settings_get: () => ({ lock_after_minutes: 1 }) });
      vi.advanceTimersByTime(61_000);
      await screen.findByTestId('locked-path');
      expect(calls.some((c) => c.cmd === 'case_close')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the security view', () => {
  afterEach(cleanup);

  it('changes the passphrase with the current one, the new one twice, and shows its strength', async () => {
    let changed: Record<string, unknown> | null = null;
    const { user } = await openTheCase({
      passphrase_strength: (a) =>
        a.passphrase === 'password1'
          ? { score: 0, label: 'very weak', warning: 'This is a top-10 common password', suggestions: ['Add another word or two'] }
          : { score: 4, label: 'very strong', warning: null, suggestions: [] },
      case_change_passphrase: (a) => {
        changed = a;
        return null;
      },
    });
    await user.click(screen.getByTestId('nav-security'));
    await user.type(screen.getByLabelText('New passphrase'), 'password1');
    await waitFor(() => expect(screen.getByTestId('passphrase-strength').textContent).toContain('very weak'));
    expect(screen.getByTestId('passphrase-strength').textContent).toContain('top-10 common password');

    await user.type(screen.getByLabelText('Current passphrase'), 'right one');
    await user.clear(screen.getByLabelText('New passphrase'));
    await user.type(screen.getByLabelText('New passphrase'), 'quartz umbrella fiddle');
    await user.type(screen.getByLabelText('New passphrase again'), 'quartz umbrella fiddle');
    await waitFor(() => expect(screen.getByTestId('passphrase-strength').textContent).toContain('very strong'));
    await user.click(screen.getByTestId('change-passphrase'));
    expect(await screen.findByTestId('security-done')).toBeTruthy();
    expect(changed).toEqual({ current: 'right one', replacement: 'quartz umbrella fiddle' });
    expect((screen.getByLabelText('New passphrase') as HTMLInputElement).value, 'the fields are cleared').toBe('');
  });

  it('refuses differing new passphrases without calling the backend', async () => {
    const { user, calls } = await openTheCase({ passphrase_strength: () => ({ score: 3, label: 'strong', warning: null, suggestions: [] }) });
    await user.click(screen.getByTestId('nav-security'));
    await user.type(screen.getByLabelText('Current passphrase'), 'right one');
    await user.type(screen.getByLabelText('New passphrase'), 'one long passphrase');
    await user.type(screen.getByLabelText('New passphrase again'), 'another long one');
    await user.click(screen.getByTestId('change-passphrase'));
    expect((await screen.findByRole('alert')).textContent).toContain('differ');
    expect(calls.some((c) => c.cmd === 'case_change_passphrase')).toBe(false);
  });

  it('saves the idle minutes', async () => {
    let saved: unknown = null;
    const { user } = await openTheCase({
      app_settings_set: (a) => {
        saved = a.settings;
        return a.settings;
      },
    });
    await user.click(screen.getByTestId('nav-security'));
    const minutes = screen.getByLabelText(/Lock after minutes/);
    await user.clear(minutes);
    await user.type(minutes, '5');
    await user.click(screen.getByTestId('lock-save'));
    expect(saved, 'the minutes change; the other settings are kept').toEqual({ lock_after_minutes: 5, case_in_title: true });
    expect((await screen.findByTestId('security-done')).textContent).toContain('5 minutes');
  });
});

describe('the strength meter at creation', () => {
  afterEach(cleanup);

  it('judges the new case passphrase with the title counted against it', async () => {
    const calls = backend(
      openCase({
        passphrase_strength: (a) =>
          (a.userInputs as string[]).includes('Northwind breach')
            ? { score: 1, label: 'weak', warning: 'Names and surnames by themselves are easy to guess', suggestions: [] }
            : { score: 4, label: 'very strong', warning: null, suggestions: [] },
      }),
    );
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('new-case'));
    await user.type(screen.getByLabelText('Title'), 'Northwind breach');
    await user.type(screen.getByLabelText('Passphrase', { selector: '#new-case-passphrase' }), 'northwind breach');
    await waitFor(() => expect(screen.getByTestId('passphrase-strength').textContent).toContain('weak'));
    expect(screen.getByTestId('passphrase-strength').textContent).toContain('easy to guess');
    const asked = calls.filter((c) => c.cmd === 'passphrase_strength');
    expect(asked.length, 'asked once typing pauses, not once per key').toBeLessThan('northwind breach'.length);
  });
});
