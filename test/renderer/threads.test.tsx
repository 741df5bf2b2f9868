import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageDetail, MessageSummary } from '@shared/domain/message';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { RemoteText, showBidiControls } from '../../src/renderer/src/components/RemoteText';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';
import { conversation, delivery, detail, message, peer, sent } from './thread-fixtures';

const status = nodeStatus();
const WAITING = 'Received. A person is looking at it and will answer.';

/** The conversation with one peer open, its messages newest first as the node lists them. */
function openThread(bob: Peer, messages: MessageSummary[], details: Record<number, MessageDetail> = {}) {
  const fake = fakeTransport({
    'node.status': () => status,
    'peers.list': () => ({ peers: [bob] }),
    'peers.get': () => bob,
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'conversations.list': () => ({ conversations: [conversation({ peerId: bob.id, peerName: bob.name, protocol: bob.protocol })] }),
    'conversations.markRead': () => ({ unread: 0 }),
    'messages.list': () => ({ messages, total: messages.length, hasMore: false }),
    'messages.get': (input) => {
      const found = details[(input as { id: number }).id];
      if (!found) throw new Error('no such message');
      return found;
    },
    'messages.send': (input) => sent({ id: 99, content: (input as { text: string }).text }),
    'a2a.cancelTask': () => ({ state: 'canceled' }),
  });
  render(<App resolved={fake.resolved} />);
  act(() => uiStore.getState().actions.chatOpened(bob.id));
  return fake;
}

const bubbles = () => screen.queryAllByTestId('chat-bubble');
const bubbleWith = (text: string) => bubbles().find((bubble) => bubble.textContent?.includes(text))!;
const a2aPeer = peer({ protocol: 'a2a' });

describe('an A2A thread', () => {
  it('shows the peer’s interim status as a line under the outbound bubble, not as a bubble, until the answer arrives', async () => {
    // Given a message this node sent, whose task the peer is working on
    const asked = sent({ id: 1, protocol: 'a2a', content: 'ship it?', taskId: 'task-1', contextId: 'ctx-1', taskState: 'working', statusText: WAITING });
    const fake = openThread(a2aPeer, [asked]);
    await screen.findByText('ship it?');

    // Then there is one bubble, with its task state, and the status under it
    expect(bubbles()).toHaveLength(1);
    expect(within(bubbles()[0]!).getByTestId('task-state').textContent).toBe('working');
    expect(screen.getByTestId('task-status-line').textContent).toBe(`working · ${WAITING}`);
    expect(bubbles().some((bubble) => bubble.textContent?.includes('A person is looking at it'))).toBe(false);

    // When the peer answers and the task completes
    act(() => fake.push('message.updated', { ...asked, taskState: 'completed' }));
    act(() => fake.push('message.added', message({ id: 2, protocol: 'a2a', content: 'Shipped.', taskId: 'task-1', contextId: 'ctx-1' })));

    // Then: two bubbles, the chip says completed, and the stale status line is gone
    await screen.findByText('Shipped.');
    expect(bubbles().map((bubble) => bubble.dataset.direction)).toEqual(['out', 'in']);
    await waitFor(() => expect(within(bubbleWith('ship it?')).getByTestId('task-state').textContent).toBe('completed'));
    expect(screen.queryByTestId('task-status-line')).toBeNull();
  });

  it('puts a task chip on each bubble in its colour, and offers Cancel only while the task may still run', async () => {
    const states = ['submitted', 'working', 'input-required', 'completed', 'canceled', 'failed', 'rejected'];
    const messages = states.map((taskState, index) => sent({ id: index + 1, protocol: 'a2a', content: `task in ${taskState}`, taskId: `task-${taskState}`, taskState })).reverse();
    openThread(a2aPeer, messages);
    await screen.findByText('task in rejected');

    const seen = states.map((state) => {
      const bubble = bubbleWith(`task in ${state}`);
      const chip = within(bubble).getByTestId('task-state');
      return {
        state: chip.textContent,
        tone: [...chip.classList].find((name) => /^chip-(ok|warn|bad|neutral|ask)$/.test(name)),
        cancel: within(bubble).queryByRole('button', { name: 'Cancel task' }) !== null,
        reply: within(bubble).queryByRole('button', { name: 'Reply to continue' }) !== null,
      };
    });
    expect(seen).toEqual([
      { state: 'submitted', tone: 'chip-neutral', cancel: true, reply: false },
      { state: 'working', tone: 'chip-warn', cancel: true, reply: false },
      { state: 'input-required', tone: 'chip-ask', cancel: true, reply: true },
      { state: 'completed', tone: 'chip-ok', cancel: false, reply: false },
      { state: 'canceled', tone: 'chip-neutral', cancel: false, reply: false },
      { state: 'failed', tone: 'chip-bad', cancel: false, reply: false },
      { state: 'rejected', tone: 'chip-bad', cancel: false, reply: false },
    ]);
  });

  it('cancels a running task, and the chip follows the new state from the pushed update', async () => {
    const asked = sent({ id: 1, protocol: 'a2a', content: 'long job', taskId: 'task-1', taskState: 'working' });
    const fake = openThread(a2aPeer, [asked]);
    await screen.findByText('long job');
    fireEvent.click(within(bubbleWith('long job')).getByRole('button', { name: 'Cancel task' }));
    await waitFor(() => expect(fake.calls.filter((call) => call.method === 'a2a.cancelTask').map((call) => call.input)).toEqual([{ peer: 'peer_b', taskId: 'task-1' }]));
    act(() => fake.push('message.updated', { ...asked, taskState: 'canceled' }));
    await waitFor(() => expect(within(bubbleWith('long job')).getByTestId('task-state').textContent).toBe('canceled'));
    expect(within(bubbleWith('long job')).queryByRole('button', { name: 'Cancel task' })).toBeNull();
  });

  it('on input-required, "Reply to continue" brings up the composer, whose next message continues the conversation', async () => {
    const asked = sent({ id: 1, protocol: 'a2a', content: 'book a table', taskId: 'task-1', contextId: 'ctx-1', taskState: 'input-required' });
    const fake = openThread(a2aPeer, [message({ id: 2, protocol: 'a2a', content: 'For how many?', taskId: 'task-1', contextId: 'ctx-1' }), asked]);
    expect((await screen.findByTestId('continue-task')).textContent).toMatch(/bob asked for more input/);
    const composer = screen.getByLabelText('Message to bob') as HTMLTextAreaElement;

    // The operator had ticked "New conversation": answering the question must not start one.
    fireEvent.click(screen.getByLabelText(/New conversation/));
    expect(screen.queryByTestId('continue-task')).toBeNull();
    fireEvent.click(within(bubbleWith('book a table')).getByRole('button', { name: 'Reply to continue' }));
    expect(document.activeElement).toBe(composer);
    expect((screen.getByLabelText(/New conversation/) as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('continue-task')).toBeTruthy();

    fireEvent.change(composer, { target: { value: 'Four' } });
    fireEvent.keyDown(composer, { key: 'Enter' });
    await waitFor(() => expect(fake.calls.filter((call) => call.method === 'messages.send').map((call) => call.input)).toEqual([{ peer: 'peer_b', text: 'Four', inReplyTo: 2 }]));
  });
});

describe('long messages', () => {
  it('show a preview with "Show more", which loads the full text; "Show less" folds it again', async () => {
    const full = `${'All work and no play. '.repeat(227)}THE END`;
    expect(full.length).toBeGreaterThan(5000);
    const long = message({ id: 4, content: full.slice(0, 400), contentLength: full.length });
    const fake = openThread(peer(), [long], { 4: detail(long, { content: full }) });
    const text = await screen.findByTestId('bubble-text');
    expect(text.textContent).toBe(`${full.slice(0, 400).trimEnd()}…`);
    expect(fake.calls.some((call) => call.method === 'messages.get')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(screen.getByTestId('bubble-text').textContent).toBe(full));
    expect(fake.calls.filter((call) => call.method === 'messages.get').map((call) => call.input)).toEqual([{ id: 4 }]);

    fireEvent.click(screen.getByRole('button', { name: 'Show less' }));
    expect(screen.getByTestId('bubble-text').textContent!.length).toBeLessThanOrEqual(601);
    expect(screen.getByRole('button', { name: 'Show more' })).toBeTruthy();
  });

  it('fold after about twelve lines even when the preview holds all of it', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    openThread(peer(), [message({ id: 5, content: lines })]);
    const text = await screen.findByTestId('bubble-text');
    expect(text.textContent).toContain('line 12');
    expect(text.textContent).not.toContain('line 13');
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(screen.getByTestId('bubble-text').textContent).toBe(lines);
  });

  it('copies the whole text, loading it when only the preview is here', async () => {
    const full = 'x'.repeat(2000);
    const long = message({ id: 6, content: full.slice(0, 400), contentLength: full.length });
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (value: string) => void copied.push(value) } });
    openThread(peer(), [long], { 6: detail(long, { content: full }) });
    await screen.findByTestId('bubble-text');
    fireEvent.click(screen.getByRole('button', { name: 'Copy message text' }));
    await waitFor(() => expect(copied).toEqual([full]));
    await screen.findByText('Copied');
  });
});

describe('structured and remote text', () => {
  it('pretty-prints a message that is all JSON', async () => {
    const data = { order: { id: 42, items: ['tea', 'scones'] }, paid: true };
    openThread(peer(), [message({ id: 7, content: JSON.stringify(data) })]);
    const json = await screen.findByTestId('message-json');
    expect(json.tagName).toBe('PRE');
    expect(json.textContent).toBe(JSON.stringify(data, null, 2));
  });

  it('shows bidi controls as markers and never applies them', async () => {
    openThread(peer(), [message({ id: 8, content: '\u202Eevil' }), message({ id: 9, content: 'a\u2066b\u2069c\u200Fd\u061C' })]);
    await screen.findByText('RLO', { exact: false });
    const texts = screen.getAllByTestId('bubble-text').map((element) => element.textContent);
    expect(texts).toEqual(['a⟨LRI⟩b⟨PDI⟩c⟨RLM⟩d⟨ALM⟩', '⟨RLO⟩evil']);
    expect(document.body.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
  });

  it('names every bidi control it replaces', () => {
    const all = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    expect(showBidiControls(all)).toBe('⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩');
    const { container } = render(
      <p>
        <RemoteText text={'plain \u202Eevil'} />
      </p>,
    );
    expect(container.textContent).toBe('plain ⟨RLO⟩evil');
    expect(container.querySelector('.bidi-marker')?.getAttribute('title')).toMatch(/right-to-left override \(U\+202E\)/);
  });
});

describe('delivery in a bubble', () => {
  it('says a message to a paused peer waits for the resume, not "attempt 0 of 3, next in 0 s"', async () => {
    const paused = peer({ deliveryPaused: true });
    openThread(paused, [sent({ id: 10, content: 'hold on', status: 'queued', delivery: delivery({ attempts: 0, nextAttemptAt: new Date(Date.now() - 5000).toISOString() }) })]);
    const bubble = (await screen.findByText('hold on')).closest('li')!;
    expect(bubble.textContent).toContain('waiting: delivery to bob is paused');
    expect(bubble.textContent).not.toMatch(/attempt 0 of 3/);
  });
});
