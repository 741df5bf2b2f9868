import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Approval } from '@shared/domain/approval';
import type { MessageSummary } from '@shared/domain/message';
import type { NodeSettings } from '@shared/domain/node';
import type { Peer } from '@shared/domain/peer';
import { DEFAULT_A2A_SETTINGS } from '@shared/domain/a2a';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const status = nodeStatus({ vaultBackend: 'safeStorage:keychain' });
const settings = { name: 'n', publicUrl: null, skills: [], legacySecretSet: false, wakeHook: null, retryPolicy: { maxAttempts: 3, baseDelayMs: 1000 }, redrive: { enabled: true, intervalMinutes: 5, forHours: 24 }, metricsPublic: false, a2a: DEFAULT_A2A_SETTINGS, chat: { agentId: 'n', hosting: true, handshakeMinutes: 10, sessionMinutes: 15 } } as unknown as NodeSettings;
const alice: Peer = { id: 'peer_a', name: 'alice', protocol: 'a2a', baseUrl: 'http://alice.example', notes: '', createdAt: '', updatedAt: '', lastSeenAt: null, hasOutboundSecret: false, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask' };

function approval(id: string, overrides: Partial<Approval> = {}): Approval {
  return {
    id,
    kind: 'a2a.request',
    status: 'pending',
    peerId: 'peer_a',
    peerName: 'alice',
    title: `request ${id}`,
    detail: { text: `request ${id}`, contextId: 'ctx-1', taskId: `task-${id}` },
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
    decidedAt: null,
    decision: null,
    actions: ['reply', 'forward', 'askBack', 'reject'],
    ...overrides,
  };
}

function inbox(initial: Approval[]) {
  let approvals = initial;
  const decided: unknown[] = [];
  const fake = fakeTransport({
    'node.status': () => status,
    'settings.get': () => settings,
    'peers.list': () => ({ peers: [alice] }),
    'peers.get': () => alice,
    'keys.list': () => ({ keys: [] }),
    'messages.list': () => ({ messages: [], total: 0, hasMore: false }),
    'approvals.list': (input) => {
      const wanted = (input as { status?: string }).status;
      return { approvals: approvals.filter((a) => !wanted || a.status === wanted), pending: approvals.filter((a) => a.status === 'pending').length };
    },
    'approvals.decide': (input) => {
      decided.push(input);
      const { id, action, text } = input as { id: string; action: string; text?: string };
      const next = approval(id, { status: action === 'reject' ? 'rejected' : action === 'forward' ? 'approved' : 'answered', decision: { action: action as 'reply', ...(text ? { text } : {}) }, decidedAt: new Date().toISOString(), actions: [] });
      approvals = approvals.map((a) => (a.id === id ? next : a));
      return next;
    },
  });
  return {
    fake,
    decided,
    set(next: Approval[]) {
      approvals = next;
    },
  };
}

const items = () => screen.getAllByTestId('approval');

describe('the Approvals screen', () => {
  it('shows pending items first with a countdown, decided ones as history, and the count in the sidebar', async () => {
    const { fake } = inbox([
      approval('apr_1'),
      approval('apr_2', { kind: 'chat.handshake', title: 'bob wants to connect', detail: {}, actions: ['approve', 'reject'], peerName: 'bob' }),
      approval('apr_0', { status: 'answered', decision: { action: 'reply', text: 'done already' }, decidedAt: new Date().toISOString(), actions: [] }),
    ]);
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.approvalsShown(null));
    await waitFor(() => expect(items()).toHaveLength(3));
    expect(items().map((item) => item.dataset.status)).toEqual(['pending', 'pending', 'answered']);
    expect(within(items()[0]!).getByTestId('approval-expiry').textContent).toMatch(/^expires in (1h 59m|2h 0m)$/);
    expect(within(items()[2]!).getByText(/You answered/).textContent).toContain('done already');
    expect(screen.getByRole('button', { name: /Approvals/ }).textContent).toContain('2');
    expect(within(items()[1]!).getByRole('button', { name: 'Approve' })).toBeTruthy();
    expect(within(items()[1]!).queryByRole('button', { name: 'Reply…' })).toBeNull();
  });

  it('acts on the focused item from the keyboard: j/k move, a forwards or approves, r rejects (undoably)', async () => {
    const { fake, decided } = inbox([approval('apr_1'), approval('apr_2', { kind: 'chat.handshake', detail: {}, actions: ['approve', 'reject'] }), approval('apr_3', { actions: ['reply', 'askBack', 'reject'] })]);
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.approvalsShown(null));
    await waitFor(() => expect(items()).toHaveLength(3));
    items()[0]!.focus();
    fireEvent.keyDown(items()[0]!, { key: 'j' });
    expect(document.activeElement).toBe(items()[1]);
    fireEvent.keyDown(items()[1]!, { key: 'a' });
    await waitFor(() => expect(decided).toEqual([{ id: 'apr_2', action: 'approve' }]));
    fireEvent.keyDown(items()[1]!, { key: 'k' });
    expect(document.activeElement).toBe(items()[0]);
    fireEvent.keyDown(items()[0]!, { key: 'a' });
    await waitFor(() => expect(decided.at(-1)).toEqual({ id: 'apr_1', action: 'forward' }));
    // Without forwarding on offer, `a` opens the answer box instead of deciding.
    const third = items().find((item) => item.getAttribute('aria-label')?.includes('request apr_3'))!;
    fireEvent.keyDown(third, { key: 'a' });
    const box = within(third).getByRole('textbox', { name: 'Answer to alice' });
    // Typing in the box does not trigger the item's keys.
    fireEvent.keyDown(box, { key: 'r' });
    expect(decided).toHaveLength(2);
    fireEvent.keyDown(third, { key: 'r' });
    // The rejection waits out its undo time before it is sent (see below).
    expect(within(third).getByTestId('reject-undo').textContent).toMatch(/^Rejected—Undo/);
    expect(decided).toHaveLength(2);
  });

  it('answers by hand and asks back from the item, Enter sending', async () => {
    const { fake, decided } = inbox([approval('apr_1'), approval('apr_2')]);
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.approvalsShown(null));
    await waitFor(() => expect(items()).toHaveLength(2));
    fireEvent.click(within(items()[0]!).getByRole('button', { name: 'Reply…' }));
    const answer = within(items()[0]!).getByRole('textbox', { name: 'Answer to alice' });
    fireEvent.change(answer, { target: { value: 'All green.' } });
    fireEvent.keyDown(answer, { key: 'Enter' });
    await waitFor(() => expect(decided).toEqual([{ id: 'apr_1', action: 'reply', text: 'All green.' }]));
    // Decided items move to the history; the other request is now first.
    await waitFor(() => expect(items()[0]!.getAttribute('aria-label')).toBe('Request from alice: request apr_2'));
    fireEvent.click(within(items()[0]!).getByRole('button', { name: 'Ask back…' }));
    const question = within(items()[0]!).getByRole('textbox', { name: 'Question for alice' });
    fireEvent.change(question, { target: { value: 'For how many?' } });
    fireEvent.click(within(items()[0]!).getByRole('button', { name: 'Ask' }));
    await waitFor(() => expect(decided.at(-1)).toEqual({ id: 'apr_2', action: 'askBack', text: 'For how many?' }));
  });

  it('follows approvals.changed live, and a ui.show from the desktop opens the screen on that item', async () => {
    const { fake, set } = inbox([]);
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('dashboard'));
    await screen.findByTestId('pending-approvals');
    const fresh = approval('apr_9', { title: 'May I deploy?' });
    set([fresh]);
    act(() => fake.push('approvals.changed', { approval: fresh, pending: 1 }));
    await waitFor(() => expect(screen.getByTestId('pending-approvals').textContent).toBe('1'));
    act(() => fake.push('ui.show', { screen: 'approvals', approvalId: 'apr_9' }));
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Request from alice: May I deploy?'));
  });

  it('says what to do when nothing waits', async () => {
    const { fake } = inbox([]);
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.approvalsShown(null));
    expect(await screen.findByText('Nothing is waiting for you.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'make one in Keys' }));
    expect(uiStore.getState().screen).toBe('keys');
  });
});

describe('a rejection, undoable for five seconds', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function inboxOnScreen(initial: Approval[]) {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const arranged = inbox(initial);
    render(<App resolved={arranged.fake.resolved} />);
    act(() => uiStore.getState().actions.approvalsShown(null));
    await waitFor(() => expect(items()).toHaveLength(initial.length));
    return arranged;
  }
  const rejects = (decided: unknown[]) => decided.filter((d) => (d as { action: string }).action === 'reject');

  it('r shows "Rejected — Undo"; Undo within 5 s sends nothing and the item is pending again', async () => {
    const { decided } = await inboxOnScreen([approval('apr_1'), approval('apr_2')]);
    const first = items()[0]!;
    first.focus();
    fireEvent.keyDown(first, { key: 'r' });
    const undo = within(first).getByTestId('reject-undo');
    expect(undo.textContent).toMatch(/Rejected—Undo.*sent in 5 s/);
    expect(first.dataset.status).toBe('pending');
    await act(() => vi.advanceTimersByTimeAsync(3000));
    fireEvent.click(within(undo).getByRole('button', { name: 'Undo' }));
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(rejects(decided)).toEqual([]);
    expect(within(items()[0]!).queryByTestId('reject-undo')).toBeNull();
    // The Undo button went away under the pointer: focus is back on the item, so the keys keep working.
    expect(document.activeElement).toBe(items()[0]);
    expect(within(items()[0]!).getByRole('button', { name: 'Reject' })).toBeTruthy();
    // The keyboard undoes too, and j/k still move while a rejection waits.
    fireEvent.keyDown(items()[0]!, { key: 'r' });
    fireEvent.keyDown(items()[0]!, { key: 'j' });
    expect(document.activeElement).toBe(items()[1]);
    fireEvent.keyDown(items()[1]!, { key: 'k' });
    fireEvent.keyDown(items()[0]!, { key: 'u' });
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(rejects(decided)).toEqual([]);
  });

  it('sends the rejection once the 5 s have passed, once', async () => {
    const { decided } = await inboxOnScreen([approval('apr_1')]);
    fireEvent.keyDown(items()[0]!, { key: 'r' });
    // Another r while it waits changes nothing.
    fireEvent.keyDown(items()[0]!, { key: 'r' });
    await act(() => vi.advanceTimersByTimeAsync(4900));
    expect(rejects(decided)).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(200));
    await waitFor(() => expect(rejects(decided)).toEqual([{ id: 'apr_1', action: 'reject' }]));
    await waitFor(() => expect(items()[0]!.dataset.status).toBe('rejected'));
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(rejects(decided)).toHaveLength(1);
  });

  it('the Reject button waits too, and leaving the screen sends what waits at once', async () => {
    const { decided } = await inboxOnScreen([approval('apr_1'), approval('apr_2')]);
    fireEvent.click(within(items()[1]!).getByRole('button', { name: 'Reject' }));
    expect(within(items()[1]!).getByTestId('reject-undo')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(document.activeElement).toBe(items()[1]);
    expect(rejects(decided)).toEqual([]);
    act(() => uiStore.getState().actions.screenSelected('dashboard'));
    await waitFor(() => expect(rejects(decided)).toEqual([{ id: 'apr_2', action: 'reject' }]));
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(rejects(decided)).toHaveLength(1);
  });
});

describe('answering from the chat window', () => {
  it('sends the next message as the answer to a waiting request, and starts a new A2A conversation on request', async () => {
    const { fake, decided } = inbox([approval('apr_1', { title: 'What is the status?' })]);
    const sends: unknown[] = [];
    const answers = fake as unknown as { resolved: { transport: { call: (m: string, i: unknown) => Promise<unknown> } } };
    const original = answers.resolved.transport.call.bind(answers.resolved.transport);
    answers.resolved.transport.call = async (method: string, input: unknown) => {
      if (method === 'messages.send') {
        sends.push(input);
        return { id: 1 } as unknown as MessageSummary;
      }
      return original(method, input);
    };
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.chatOpened('peer_a'));
    const banner = await screen.findByTestId('waiting-request');
    expect(banner.textContent).toContain('alice is waiting for your answer');
    const box = screen.getByRole('textbox', { name: 'Message to alice' });
    fireEvent.change(box, { target: { value: 'All good here.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    await waitFor(() => expect(decided).toEqual([{ id: 'apr_1', action: 'reply', text: 'All good here.' }]));
    act(() => fake.push('approvals.changed', { approval: approval('apr_1', { status: 'answered' }), pending: 0 }));
    await waitFor(() => expect(screen.queryByTestId('waiting-request')).toBeNull());
    fireEvent.click(screen.getByRole('checkbox', { name: /New conversation/ }));
    fireEvent.change(box, { target: { value: 'New topic' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(sends).toEqual([{ peer: 'peer_a', text: 'New topic', newContext: true }]));
  });
});
