import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MethodName } from '@shared/contract';
import type { NodeSettings, StorageState } from '@shared/domain/node';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeSettings } from './node-settings';
import { nodeStatus } from './node-status';

function app(answers: Partial<Record<MethodName, (input: unknown) => unknown>> = {}, storage: StorageState = { full: false, since: null, lastBackup: null }) {
  const fake = fakeTransport({
    'node.status': () => nodeStatus({ storage }),
    'settings.get': () => nodeSettings(),
    'peers.list': () => ({ peers: [] }),
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'outbox.list': () => ({ items: [], peers: [] }),
    ...answers,
  });
  render(<App resolved={fake.resolved} />);
  return fake;
}

describe('a full disk and backups in the console', () => {
  it('says on the Dashboard and in the sidebar when the disk is full, and stops saying so when space is back', async () => {
    const fake = app();
    act(() => uiStore.getState().actions.screenSelected('dashboard'));
    await screen.findByRole('heading', { name: 'Dashboard' });
    expect(screen.queryByRole('alert', { name: 'Disk full' })).toBeNull();
    act(() => fake.push('storage.changed', { full: true, since: '2026-12-01T10:00:00.000Z', lastBackup: null }));
    const banner = await screen.findByRole('alert', { name: 'Disk full' });
    expect(banner.textContent).toContain('Nothing new can be stored');
    // The sidebar's word is part of the Dashboard button's name (a word, not a colour).
    expect(screen.getByTitle('The disk is full: messages are refused until space returns').textContent).toBe('disk full');
    act(() => fake.push('storage.changed', { full: false, since: null, lastBackup: null }));
    await waitFor(() => expect(screen.queryByRole('alert', { name: 'Disk full' })).toBeNull());
  });

  it('saves the backup schedule from Settings and names the last backup', async () => {
    const lastBackup = { path: '/d/backups/switchboard-2026-12-01T03-00-00-000Z.sbbackup', kind: 'database' as const, createdAt: '2026-12-01T03:00:00.000Z', bytes: 4096, schemaVersion: 16, counts: {} };
    const fake = app({ 'settings.update': (input) => nodeSettings(input as Partial<NodeSettings>) }, { full: false, since: null, lastBackup });
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'Backups' });
    await waitFor(() => expect(within(form).getByTestId('last-backup').textContent).toContain(lastBackup.path));
    fireEvent.change(within(form).getByLabelText('Every (hours)'), { target: { value: '12' } });
    fireEvent.change(within(form).getByLabelText('Keep (newest)'), { target: { value: '14' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.calls.filter((call) => call.method === 'settings.update').map((call) => call.input)).toEqual([{ backups: { enabled: true, intervalHours: 12, keep: 14 } }]));
  });
});
