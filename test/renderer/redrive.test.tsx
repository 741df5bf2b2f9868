import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ControlError } from '@shared/control-error';
import type { MethodName } from '@shared/contract';
import type { NodeSettings } from '@shared/domain/node';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeSettings } from './node-settings';
import { nodeStatus } from './node-status';
import { delivery, detail, peer, sent } from './thread-fixtures';

type Answers = Partial<Record<MethodName, (input: unknown) => unknown>>;

function app(answers: Answers = {}) {
  const fake = fakeTransport({
    'node.status': () => nodeStatus(),
    'settings.get': () => nodeSettings(),
    'peers.list': () => ({ peers: [] }),
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'outbox.list': () => ({ items: [], peers: [] }),
    ...answers,
  });
  render(<App resolved={fake.resolved} />);
  return fake;
}

const inputsOf = (fake: ReturnType<typeof fakeTransport>, method: MethodName) => fake.calls.filter((call) => call.method === method).map((call) => call.input);

describe('the node’s redrive policy in Settings', () => {
  it('saves the switch, every how many minutes and for how many hours, and says Saved', async () => {
    const fake = app({ 'settings.update': (input) => nodeSettings(input as Partial<NodeSettings>) });
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'Dead letters that heal' });
    const toggle = within(form).getByRole('switch', { name: 'Try dead letters again by themselves' });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    fireEvent.change(within(form).getByLabelText('Every how many minutes'), { target: { value: '10' } });
    fireEvent.change(within(form).getByLabelText('For how many hours'), { target: { value: '48' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(inputsOf(fake, 'settings.update')).toEqual([{ redrive: { enabled: true, intervalMinutes: 10, forHours: 48 } }]));
    await waitFor(() => expect(screen.getByRole('form', { name: 'Dead letters that heal' }).textContent).toContain('Saved'));

    // Off: the numbers stay as they were, and cannot be edited until it is on again.
    const again = screen.getByRole('form', { name: 'Dead letters that heal' });
    fireEvent.click(within(again).getByRole('switch'));
    expect((within(again).getByLabelText('Every how many minutes') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(within(again).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(inputsOf(fake, 'settings.update').at(-1)).toEqual({ redrive: { enabled: false, intervalMinutes: 10, forHours: 48 } }));
  });

  it('shows a refusal beside the field it is about', async () => {
    app({
      'settings.update': () => Promise.reject(new ControlError('invalid_input', 'redrive.intervalMinutes: must be at most a day', [{ path: 'redrive.intervalMinutes', message: 'must be at most a day' }])),
    });
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'Dead letters that heal' });
    fireEvent.change(within(form).getByLabelText('Every how many minutes'), { target: { value: '1440' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    const input = within(form).getByLabelText('Every how many minutes');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(input.getAttribute('aria-describedby')!)!.textContent).toContain('Must be at most a day');
  });

  it('switches metrics on the public port, saying /metrics is always on the control port with the admin token', async () => {
    const fake = app({ 'settings.update': (input) => nodeSettings(input as Partial<NodeSettings>) });
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'Metrics' });
    expect(form.textContent).toMatch(/\/metrics \(Prometheus text\) is always on the control port, with the admin token/);
    fireEvent.click(within(form).getByRole('switch', { name: 'Metrics on the public port' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(inputsOf(fake, 'settings.update')).toEqual([{ metricsPublic: true }]));
  });
});

describe('a peer’s redrive policy', () => {
  it('uses the node’s until given its own, and goes back to the node’s', async () => {
    let bob: Peer = peer();
    const fake = app({
      'peers.list': () => ({ peers: [bob] }),
      'peers.get': () => bob,
      'peers.setRedrive': (input) => {
        bob = { ...bob, redrive: (input as { policy: Peer['redrive'] }).policy };
        return bob;
      },
      'inspector.latest': () => ({ report: null }),
    });
    act(() => uiStore.getState().actions.peerShown('peer_b'));
    const form = await screen.findByRole('form', { name: 'Redrive policy' });
    const nodes = within(form).getByRole('radio', { name: "Use the node's redrive policy (every 5 min for 24 h)" }) as HTMLInputElement;
    expect(nodes.checked).toBe(true);
    expect(within(form).queryByLabelText('Every how many minutes')).toBeNull();
    fireEvent.click(within(form).getByRole('radio', { name: 'Its own redrive policy' }));
    fireEvent.change(within(form).getByLabelText('Every how many minutes'), { target: { value: '15' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(inputsOf(fake, 'peers.setRedrive')).toEqual([{ peer: 'peer_b', policy: { enabled: true, intervalMinutes: 15, forHours: 24 } }]));

    await waitFor(() => expect((within(screen.getByRole('form', { name: 'Redrive policy' })).getByLabelText('Every how many minutes') as HTMLInputElement).value).toBe('15'));
    const own = screen.getByRole('form', { name: 'Redrive policy' });
    fireEvent.click(within(own).getByRole('radio', { name: /^Use the node's redrive policy/ }));
    fireEvent.click(within(own).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(inputsOf(fake, 'peers.setRedrive').at(-1)).toEqual({ peer: 'peer_b', policy: null }));
  });
});

describe('dead letters say when they heal', () => {
  it('shows when a letter is tried again by itself, or that it waits for a replay, in the list and the drawer', async () => {
    const at = new Date(Date.now() + 4 * 60_000 + 20_000);
    const healing = sent({ id: 8, content: 'healing', status: 'dead', delivery: delivery({ attempts: 3, deadReason: 'Gave up after 3 attempts: connection error.', nextRedriveAt: at.toISOString() }) });
    const waiting = sent({ id: 9, content: 'refused', status: 'dead', delivery: delivery({ attempts: 1, deadReason: 'Refused (401).', nextRedriveAt: null }) });
    app({ 'deadLetters.list': () => ({ deadLetters: [healing, waiting] }), 'messages.get': (input) => detail((input as { id: number }).id === 8 ? healing : waiting) });
    act(() => uiStore.getState().actions.deadLetterShown(null));
    await screen.findByText('healing');
    const [first, second] = screen.getAllByTestId('dead-letter-row');
    const clock = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(within(first!).getByTestId('heal-line').textContent).toBe(`Tries again by itself at ${clock} (in 5 min)`);
    expect(within(first!).getByTestId('heal-line').querySelector('time')!.getAttribute('dateTime')).toBe(at.toISOString());
    expect(within(second!).getByTestId('heal-line').textContent).toBe('Waits for you: replay it');

    fireEvent.click(within(first!).getByRole('button', { name: 'Gave up after 3 attempts: connection error.' }));
    const drawer = await screen.findByRole('complementary', { name: 'Dead letter' });
    await waitFor(() => expect(within(drawer).getByTestId('heal-line').textContent).toBe(`Tries again by itself at ${clock} (in 5 min)`));
    fireEvent.click(within(second!).getByRole('button', { name: 'Refused (401).' }));
    await waitFor(() => expect(within(screen.getByRole('complementary', { name: 'Dead letter' })).getByTestId('heal-line').textContent).toBe('Waits for you: replay it'));
  });
});
