import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App, MissingToken } from '../../src/renderer/src/app/App';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const status = nodeStatus({
  name: 'alpha',
  version: '0.1.0',
  startedAt: new Date(Date.now() - 125_000).toISOString(),
  uptimeSeconds: 125,
  dataDir: '/data',
  counts: { messagesIn: 3, messagesOut: 1, unseenWakes: 0 },
});
describe('the Dashboard', () => {
  it("shows the node's name, listening URL, uptime and counts", async () => {
    const fake = fakeTransport({ 'node.status': () => status });
    render(<App resolved={fake.resolved} />);
    expect(await screen.findByTestId('node-name')).toHaveProperty('textContent', 'alpha');
    expect(screen.getByTestId('listening-url').textContent).toBe('http://127.0.0.1:8080');
    expect(screen.getByTestId('uptime').textContent).toMatch(/^2m \d+s$/);
    expect(screen.getByTestId('messages-in').textContent).toBe('3');
    expect(screen.getByTestId('messages-out').textContent).toBe('1');
    expect(screen.getByText(/Not set\. Peers need one/)).toBeTruthy();
  });

  it('updates counts from pushed events without asking the node again', async () => {
    const fake = fakeTransport({ 'node.status': () => status });
    render(<App resolved={fake.resolved} />);
    await screen.findByTestId('node-name');
    act(() => fake.push('node.countsChanged', { counts: { messagesIn: 10, messagesOut: 4, unseenWakes: 0 } }));
    await waitFor(() => expect(screen.getByTestId('messages-in').textContent).toBe('10'));
    expect(screen.getByTestId('messages-out').textContent).toBe('4');
    expect(fake.calls.filter((call) => call.method === 'node.status')).toHaveLength(1);
  });

  it('says when the event channel drops, and refetches once it is back', async () => {
    const fake = fakeTransport({ 'node.status': () => status });
    render(<App resolved={fake.resolved} />);
    await screen.findByTestId('node-name');
    act(() => fake.setState('closed'));
    expect(screen.getByRole('status').textContent).toMatch(/Lost the connection.*Reconnecting/);
    act(() => fake.setState('open'));
    await waitFor(() => expect(fake.calls.filter((call) => call.method === 'node.status')).toHaveLength(2));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('explains an error as a sentence with the code one click away', async () => {
    const fake = fakeTransport({
      'node.status': () => {
        throw new Error('The node is not answering. Is it still running?');
      },
    });
    render(<App resolved={fake.resolved} />);
    expect((await screen.findByRole('alert', {}, { timeout: 4000 })).textContent).toMatch(/Could not read the node's status: The node is not answering/);
  });

  it('lets the operator move between screens from the sidebar', async () => {
    const fake = fakeTransport({ 'node.status': () => status });
    render(<App resolved={fake.resolved} />);
    await screen.findByTestId('node-name');
    act(() => screen.getByRole('button', { name: 'Peers' }).click());
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Peers');
    expect(screen.getByRole('button', { name: 'Peers' }).getAttribute('aria-current')).toBe('page');
  });
});

describe('the console without a token', () => {
  it('tells the operator which link to open', () => {
    render(<MissingToken />);
    expect(screen.getByRole('alert').textContent).toMatch(/needs the link.*switchboard serve/s);
  });
});
