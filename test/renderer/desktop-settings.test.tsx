import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlError } from '@shared/control-error';
import type { DesktopSettingsPatch, DesktopState, UpdateStatus } from '@shared/domain/desktop';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { desktopState, nodeSettings, updateStatus } from './desktop-fixtures';
import { fakeTransport } from './fake-transport';
import { press, tabOrder, tabUntil } from './keyboard';
import { nodeStatus } from './node-status';

type Fake = ReturnType<typeof fakeTransport>;

const common = {
  'node.status': () => nodeStatus({ vaultBackend: 'safeStorage' }),
  'approvals.list': () => ({ approvals: [], pending: 0 }),
  'settings.get': () => nodeSettings(),
  'peers.list': () => ({ peers: [] }),
  'keys.list': () => ({ keys: [] }),
  'credentials.list': () => ({ credentials: [] }),
  'invites.list': () => ({ invites: [] }),
};

/** The desktop app: `desktop.update` merges the patch as the shell does, unless told to fail. */
function desktopApp(initial: DesktopState = desktopState(), { failUpdate = false, check = (): UpdateStatus => updateStatus(), hold = null as Promise<void> | null } = {}) {
  let state = initial;
  const fake = fakeTransport(
    {
      ...common,
      'desktop.get': () => state,
      'desktop.update': async (input) => {
        if (hold) await hold;
        if (failUpdate) throw new ControlError('internal_error', 'The desktop could not write its settings file.');
        const patch = input as DesktopSettingsPatch;
        state = {
          ...state,
          settings: { ...state.settings, ...patch, notifications: { ...state.settings.notifications, ...patch.notifications }, updates: { ...state.settings.updates, ...patch.updates } },
        };
        return state;
      },
      'desktop.checkForUpdates': () => check(),
      'desktop.installUpdate': () => ({ restarting: true }),
    },
    { kind: 'ipc' },
  );
  render(<App resolved={fake.resolved} />);
  act(() => uiStore.getState().actions.screenSelected('settings'));
  return { fake, set: (next: DesktopState) => (state = next) };
}

const updates = (fake: Fake) => fake.calls.filter((call) => call.method === 'desktop.update').map((call) => call.input);
const calledDesktop = (fake: Fake) => fake.calls.filter((call) => call.method.startsWith('desktop.'));
const card = (name: string) => screen.getByRole('region', { name });
const statusLine = () => screen.getByTestId('update-status');

afterEach(() => {
  delete document.documentElement.dataset.theme;
});

describe('the web console', () => {
  it('has no Desktop section, keeps the vault backend as it was, and never asks for desktop.*', async () => {
    const fake = fakeTransport({ ...common, 'desktop.get': () => desktopState() });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('settings'));
    await screen.findByRole('heading', { name: 'About' });
    expect(screen.queryByRole('heading', { name: 'Desktop' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Updates' })).toBeNull();
    act(() => uiStore.getState().actions.screenSelected('keys'));
    expect((await screen.findByTestId('vault-backend')).textContent).toBe('safeStorage');
    expect(screen.queryByTestId('keychain-label')).toBeNull();
    act(() => uiStore.getState().actions.screenSelected('dashboard'));
    await screen.findByTestId('node-name');
    expect(calledDesktop(fake)).toEqual([]);
  });
});

describe('Settings › Desktop', () => {
  it('shows the window, login, notification, theme and update preferences as the desktop keeps them', async () => {
    const { fake } = desktopApp(desktopState({ loginItem: { openAtLogin: false, note: 'macOS needs your approval in System Settings › General › Login Items.' } }));
    await screen.findByRole('heading', { name: 'Desktop' });
    expect((within(card('Window')).getByRole('radio', { name: /Keep Switchboard in the tray/ }) as HTMLInputElement).checked).toBe(true);
    expect((within(card('Window')).getByRole('radio', { name: /Quit Switchboard/ }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByRole('checkbox', { name: 'Start Switchboard when I log in' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Start hidden in the tray' }) as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('login-item-note').textContent).toBe('macOS needs your approval in System Settings › General › Login Items.');
    const notifications = within(card('Notifications'));
    expect(['Approvals waiting for a decision', 'Wake requests', 'New dead letters', 'Watched cards that change'].map((name) => (notifications.getByRole('checkbox', { name }) as HTMLInputElement).checked)).toEqual([true, true, true, false]);
    expect((within(card('Theme')).getByRole('radio', { name: /System/ }) as HTMLInputElement).checked).toBe(true);
    expect((within(card('Updates')).getByRole('radio', { name: 'Stable' }) as HTMLInputElement).checked).toBe(true);
    expect((within(card('Updates')).getByRole('checkbox', { name: 'Check every day' }) as HTMLInputElement).checked).toBe(true);
    expect(calledDesktop(fake).map((call) => call.method)).toEqual(['desktop.get']);
  });

  it('sends only the part that changed, for every control', async () => {
    const { fake } = desktopApp();
    await screen.findByRole('heading', { name: 'Desktop' });
    fireEvent.click(screen.getByRole('radio', { name: /Quit Switchboard/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Start hidden in the tray' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Watched cards that change' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Wake requests' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    fireEvent.click(screen.getByRole('radio', { name: /Beta/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Check every day' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Start Switchboard when I log in' }));
    await waitFor(() => expect(updates(fake)).toHaveLength(8));
    expect(updates(fake)).toEqual([
      { closeToTray: false },
      { startHidden: true },
      { notifications: { cards: true } },
      { notifications: { wakes: false } },
      { theme: 'dark' },
      { updates: { channel: 'beta' } },
      { updates: { checkDaily: false } },
      { startAtLogin: false },
    ]);
    // What the screen shows is what the desktop kept.
    expect((screen.getByRole('radio', { name: /Quit Switchboard/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Wake requests' }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByRole('radio', { name: /Beta/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('shows the choice at once while the desktop answers, then what it kept', async () => {
    let release: () => void = () => {};
    desktopApp(desktopState(), { hold: new Promise<void>((resolve) => (release = resolve)) });
    const box = (await screen.findByRole('checkbox', { name: 'Watched cards that change' })) as HTMLInputElement;
    const quit = screen.getByRole('radio', { name: /Quit Switchboard/ }) as HTMLInputElement;
    fireEvent.click(box);
    fireEvent.click(quit);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([box.checked, quit.checked]).toEqual([true, true]);
    await act(async () => release());
    await waitFor(() => expect(screen.getAllByRole('checkbox', { checked: true }).map((element) => element.closest('label')?.textContent)).toContain('Watched cards that change'));
    expect([box.checked, quit.checked]).toEqual([true, true]);
  });

  it('offers "start hidden" only while starting at login', async () => {
    desktopApp(desktopState({ settings: { ...desktopState().settings, startAtLogin: false } }));
    const hidden = (await screen.findByRole('checkbox', { name: 'Start hidden in the tray' })) as HTMLInputElement;
    expect(hidden.disabled).toBe(true);
    expect(screen.getByText('Only when Switchboard starts at login.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Start Switchboard when I log in' }));
    await waitFor(() => expect(hidden.disabled).toBe(false));
  });

  it('applies the theme to the page: pinned light or dark, or back to the OS', async () => {
    desktopApp(desktopState({ settings: { ...desktopState().settings, theme: 'light' } }));
    await screen.findByRole('heading', { name: 'Desktop' });
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    fireEvent.click(screen.getByRole('radio', { name: /System/ }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBeUndefined());
  });

  it('follows desktop.changed (the tray, another window) without asking again', async () => {
    const { fake } = desktopApp();
    await screen.findByRole('heading', { name: 'Desktop' });
    const changed = desktopState({ settings: { ...desktopState().settings, closeToTray: false, notifications: { approvals: false, wakes: true, deadLetters: true, cards: false } }, updates: updateStatus({ state: 'checking' }) });
    act(() => fake.push('desktop.changed', changed));
    await waitFor(() => expect((screen.getByRole('radio', { name: /Quit Switchboard/ }) as HTMLInputElement).checked).toBe(true));
    expect((screen.getByRole('checkbox', { name: 'Approvals waiting for a decision' }) as HTMLInputElement).checked).toBe(false);
    expect(statusLine().textContent).toMatch(/Checking for a newer version than v0\.4\.0/);
    expect(calledDesktop(fake).map((call) => call.method)).toEqual(['desktop.get']);
  });

  it('says when a change could not be saved, and shows what the desktop kept', async () => {
    const { fake } = desktopApp(desktopState(), { failUpdate: true });
    await screen.findByRole('heading', { name: 'Desktop' });
    const box = screen.getByRole('checkbox', { name: 'New dead letters' }) as HTMLInputElement;
    fireEvent.click(box);
    expect((await within(card('Notifications')).findByRole('alert')).textContent).toMatch(/Could not save the change: The desktop could not write its settings file\./);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(calledDesktop(fake).filter((call) => call.method === 'desktop.get')).toHaveLength(2);
  });

  it('is reachable from the keyboard: Tab to each control, Space toggles, arrows move within a choice', async () => {
    const { fake } = desktopApp();
    await screen.findByRole('heading', { name: 'Desktop' });
    const desktop = screen.getByRole('region', { name: 'Desktop' });
    const stops = tabOrder(desktop).map((element) => element.closest('label')?.textContent ?? element.textContent);
    expect(stops).toEqual([
      'Keep Switchboard in the tray — it goes on receiving and delivering',
      'Start Switchboard when I log in',
      'Start hidden in the tray',
      'Approvals waiting for a decision',
      'Wake requests',
      'New dead letters',
      'Watched cards that change',
      'System — light or dark as the OS is',
      'Check for updates',
      'Stable',
      'Check every day',
    ]);
    tabUntil((element) => element.closest('label')?.textContent === 'Start hidden in the tray');
    press(' ');
    tabUntil((element) => element.closest('label')?.textContent?.startsWith('System') === true);
    press('ArrowDown');
    tabUntil((element) => element.textContent === 'Check for updates');
    press('Enter');
    await waitFor(() => expect(updates(fake)).toEqual([{ startHidden: true }, { theme: 'light' }]));
    expect(calledDesktop(fake).map((call) => call.method)).toContain('desktop.checkForUpdates');
  });
});

describe('Settings › Desktop › Updates', () => {
  const showing = async (status: UpdateStatus) => {
    const app = desktopApp(desktopState({ updates: status }));
    await screen.findByRole('region', { name: 'Updates' });
    return app;
  };

  it('says when this is the latest version, and when it was checked', async () => {
    await showing(updateStatus({ state: 'none' }));
    expect(statusLine().textContent).toBe('You have the latest version, v0.4.0 — checked 3 min ago.');
    expect(within(card('Updates')).getByRole('button', { name: 'Check for updates' })).toBeTruthy();
  });

  it('does not claim the latest version before any check', async () => {
    await showing(updateStatus({ state: 'idle', checkedAt: null }));
    expect(statusLine().textContent).toBe('This is v0.4.0 — not checked yet.');
  });

  it('checks on request: busy while checking, then where the check ended', async () => {
    let answer: (status: UpdateStatus) => void = () => {};
    const app = desktopApp(desktopState(), { check: () => new Promise<UpdateStatus>((resolve) => (answer = resolve)) as never });
    fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    const busy = await screen.findByRole('button', { name: 'Checking…' });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    expect(card('Updates').getAttribute('aria-busy')).toBe('true');
    act(() => app.fake.push('desktop.changed', desktopState({ updates: updateStatus({ state: 'checking' }) })));
    await waitFor(() => expect(statusLine().getAttribute('aria-busy')).toBe('true'));
    await act(async () => answer(updateStatus({ state: 'available', version: '0.5.0', notes: 'Faster.' })));
    await waitFor(() => expect(statusLine().textContent).toMatch(/Version 0\.5\.0 is available \(you have v0\.4\.0\)/));
    expect(within(card('Updates')).queryByRole('button', { name: /Check/ })).toBeNull();
  });

  it('shows what is new as plain text, never as markup', async () => {
    await showing(updateStatus({ state: 'available', version: '0.5.0', notes: 'Fixes:\n- <b>bold</b> claims\n<img src=x onerror=alert(1)>' }));
    const notes = screen.getByTestId('release-notes');
    expect(notes.tagName).toBe('PRE');
    expect(notes.textContent).toBe('Fixes:\n- <b>bold</b> claims\n<img src=x onerror=alert(1)>');
    expect(notes.querySelector('b, img')).toBeNull();
    expect(screen.getByRole('heading', { name: 'What is new in version 0.5.0' })).toBeTruthy();
  });

  it('shows the download with its progress', async () => {
    await showing(updateStatus({ state: 'downloading', version: '0.5.0', percent: 41.6, notes: 'Faster.' }));
    expect(statusLine().textContent).toMatch(/Version 0\.5\.0 is available.*Downloading it: 42 %/);
    const bar = screen.getByRole('progressbar', { name: 'Download of version 0.5.0' }) as HTMLProgressElement;
    expect(bar.value).toBe(42);
    expect(screen.getByTestId('release-notes').textContent).toBe('Faster.');
  });

  it('restarts into a ready update only after a confirm that says nothing queued is lost', async () => {
    const { fake } = await showing(updateStatus({ state: 'ready', version: '0.5.0', percent: 100 }));
    expect(statusLine().textContent).toMatch(/Version 0\.5\.0 is ready\. Restart Switchboard to finish\./);
    fireEvent.click(screen.getByRole('button', { name: 'Restart now' }));
    const confirm = screen.getByRole('dialog', { name: 'Restart Switchboard now?' });
    expect(confirm.textContent).toMatch(/Switchboard will close and start again on version 0\.5\.0\. Nothing queued is lost/);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(calledDesktop(fake).some((call) => call.method === 'desktop.installUpdate')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Restart now' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Restart Switchboard now?' })).getByRole('button', { name: 'Restart now' }));
    await waitFor(() => expect(calledDesktop(fake).filter((call) => call.method === 'desktop.installUpdate').map((call) => call.input)).toEqual([{}]));
  });

  it('says why a check failed, with a retry', async () => {
    const { fake } = await showing(updateStatus({ state: 'error', error: 'GitHub did not answer (ENOTFOUND api.github.com).' }));
    expect(within(statusLine()).getByText(/Could not check for updates: GitHub did not answer \(ENOTFOUND api\.github\.com\)\./)).toBeTruthy();
    fireEvent.click(within(statusLine()).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(calledDesktop(fake).filter((call) => call.method === 'desktop.checkForUpdates')).toHaveLength(1));
  });

  it('explains where updates are not offered, and offers neither a check nor update preferences', async () => {
    await showing(updateStatus({ state: 'unsupported', error: 'This is a build from source: update it with git pull.', checkedAt: null }));
    expect(statusLine().textContent).toBe('This is a build from source: update it with git pull. You have v0.4.0.');
    expect(within(card('Updates')).queryByRole('button')).toBeNull();
    expect(within(card('Updates')).queryByRole('radio')).toBeNull();
  });

  it('says when a check could not even start', async () => {
    desktopApp(desktopState(), {
      check: () => {
        throw new ControlError('unavailable', 'The updater is not running.');
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    expect((await within(card('Updates')).findByRole('alert')).textContent).toMatch(/Could not check for updates: The updater is not running\./);
  });
});

describe('the data key on the desktop (Keys, Settings › About)', () => {
  const onKeys = async (keychain: DesktopState['keychain']) => {
    const app = desktopApp(desktopState({ keychain }));
    act(() => uiStore.getState().actions.screenSelected('keys'));
    await screen.findByTestId('keychain-label');
    return app;
  };

  it('names the OS keychain and what it means, without a warning', async () => {
    await onKeys({ kind: 'keychain', label: 'macOS Keychain', note: 'Wrapped by your login keychain.' });
    const dataKey = card('Data key');
    expect(within(dataKey).getByTestId('keychain-label').textContent).toBe('macOS Keychain');
    expect(within(dataKey).getByTestId('keychain-note').textContent).toBe('Wrapped by your login keychain.');
    expect(within(dataKey).getByTestId('vault-backend').textContent).toBe('safeStorage');
    expect(within(dataKey).queryByTestId('keychain-warning')).toBeNull();
  });

  it('warns in plain words when no keychain protects the key (Linux without a secret service)', async () => {
    await onKeys({ kind: 'basic_text', label: 'No keychain (basic_text)', note: 'The data key is in a 0600 file in the data dir.' });
    const warning = within(card('Data key')).getByTestId('keychain-warning');
    expect(warning.className).toContain('notice-warn');
    expect(warning.textContent).toMatch(/No OS keychain protects the data key\..*no secret service.*can unseal the stored peer secrets, AES keys and credentials/);
  });

  it('warns for a key file too, and says the same in Settings › About', async () => {
    await onKeys({ kind: 'file', label: 'a 0600 file in the data dir', note: 'A headless node made this data dir.' });
    expect(within(card('Data key')).getByTestId('keychain-warning').textContent).toMatch(/No OS keychain protects the data key\..*a file that only your user account can read/);
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const about = (await screen.findByRole('heading', { name: 'About' })).closest('.card') as HTMLElement;
    expect(within(about).getByTestId('keychain-label').textContent).toBe('a 0600 file in the data dir');
    expect(within(about).getByTestId('keychain-warning')).toBeTruthy();
  });
});
