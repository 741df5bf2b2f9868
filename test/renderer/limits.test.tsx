import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ControlError } from '@shared/control-error';
import type { NodeSettings } from '@shared/domain/node';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeSettings } from './node-settings';
import { nodeStatus } from './node-status';

function app(update: (input: unknown) => unknown) {
  const fake = fakeTransport({
    'node.status': () => nodeStatus(),
    'settings.get': () => nodeSettings(),
    'settings.update': update,
    'peers.list': () => ({ peers: [] }),
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'outbox.list': () => ({ items: [], peers: [] }),
  });
  render(<App resolved={fake.resolved} />);
  act(() => uiStore.getState().actions.screenSelected('settings'));
  return fake;
}

describe('Settings › Limits', () => {
  it('shows the request rates and saves changed ones', async () => {
    const fake = app((input) => nodeSettings(input as Partial<NodeSettings>));
    const form = await screen.findByRole('form', { name: 'Limits' });
    expect((within(form).getByLabelText('Requests a minute from one address') as HTMLInputElement).value).toBe('600');
    fireEvent.change(within(form).getByLabelText('Requests a minute from one address'), { target: { value: '3000' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(fake.calls.filter((call) => call.method === 'settings.update').map((call) => call.input)).toEqual([{ limits: { perAddressPerMinute: 3000, perCredentialPerMinute: 1200 } }]),
    );
  });

  it('says which field the core refused', async () => {
    app(() =>
      Promise.reject(
        new ControlError('invalid_input', 'limits.perCredentialPerMinute: must be at least 10 a minute', [{ path: 'limits.perCredentialPerMinute', message: 'must be at least 10 a minute' }]),
      ),
    );
    const form = await screen.findByRole('form', { name: 'Limits' });
    const field = within(form).getByLabelText('Requests a minute with one key or secret');
    fireEvent.change(field, { target: { value: '1' } });
    // Submitted past the browser's own min check, as a value the core refuses would be.
    fireEvent.submit(form);
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getAllByText(/at least 10 a minute/i).length).toBeGreaterThan(0);
    expect(within(form).getByLabelText('Requests a minute from one address').getAttribute('aria-invalid')).not.toBe('true');
  });
});
