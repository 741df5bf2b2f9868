import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@shared/domain/message';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const status = nodeStatus();
const bob: Peer = { id: 'peer_b', name: 'bob', protocol: 'secure', baseUrl: 'http://bob.example', notes: '', createdAt: '', updatedAt: '', lastSeenAt: null, hasOutboundSecret: true, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask' };

function outbound(id: number, overrides: Partial<MessageSummary> = {}): MessageSummary {
  return { id, peerId: 'peer_b', peerName: 'bob', direction: 'out', protocol: 'secure', traceId: `sb-${id}`, idempotencyKey: 'k', schemaVersion: null, content: `text ${id}`, contentLength: 6, encrypted: false, wake: false, wakeSeen: false, status: 'queued', createdAt: new Date().toISOString(), contextId: null, taskId: null, taskState: null, statusText: null, attachments: [], delivery: { attempts: 0, maxAttempts: 3, nextAttemptAt: null, lastError: null, deadReason: null, nextRedriveAt: null, replayOf: null, replacedBy: null, discarded: false, response: null }, ...overrides };
}

function setup() {
  const sent: unknown[] = [];
  const fake = fakeTransport({
    'node.status': () => status,
    'peers.list': () => ({ peers: [bob] }),
    'peers.get': () => bob,
    'messages.list': () => ({ messages: [], total: 0, hasMore: false }),
    'messages.send': (input) => {
      sent.push(input);
      return outbound(1, { content: (input as { text: string }).text });
    },
  });
  render(<App resolved={fake.resolved} />);
  act(() => uiStore.getState().actions.chatOpened('peer_b'));
  return { fake, sent };
}

describe('the chat window', () => {
  it('sends on Enter, keeps Shift+Enter as a new line, and clears the composer once queued', async () => {
    const { sent } = setup();
    const composer = (await screen.findByLabelText('Message to bob')) as HTMLTextAreaElement;
    fireEvent.change(composer, { target: { value: 'line one' } });
    fireEvent.keyDown(composer, { key: 'Enter', shiftKey: true });
    expect(sent).toEqual([]);
    fireEvent.keyDown(composer, { key: 'Enter' });
    await waitFor(() => expect(sent).toEqual([{ peer: 'peer_b', text: 'line one', encrypt: false, wake: true }]));
    await waitFor(() => expect(composer.value).toBe(''));
  });

  it('offers encryption only when the peer has an AES key', async () => {
    setup();
    const encrypt = (await screen.findByLabelText(/Encrypt/)) as HTMLInputElement;
    expect(encrypt.disabled).toBe(true);
  });

  it('shows each bubble’s status and trace id, updated live, and links a dead one to its dead letter', async () => {
    const { fake } = setup();
    await screen.findByLabelText('Message to bob');
    act(() => fake.push('message.added', outbound(7)));
    const bubble = await screen.findByText('text 7');
    expect(bubble.closest('li')?.getAttribute('data-status')).toBe('queued');
    act(() => fake.push('message.updated', outbound(7, { status: 'dead', delivery: { ...outbound(7).delivery!, attempts: 1, deadReason: 'bob refused the secret (401).' } })));
    await waitFor(() => expect(screen.getByText('text 7').closest('li')?.getAttribute('data-status')).toBe('dead'));
    expect(screen.getByText('bob refused the secret (401).')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy trace id sb-7' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open dead letter' }));
    expect(uiStore.getState()).toMatchObject({ screen: 'delivery', deliveryTab: 'dead', openDeadLetterId: 7 });
  });
});
