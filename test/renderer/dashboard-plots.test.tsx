import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@shared/domain/message';
import type { DashboardData, MetricsMinute } from '@shared/domain/metrics';
import { App } from '../../src/renderer/src/app/App';
import { activitySeries } from '../../src/renderer/src/features/dashboard/activity-series';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const MINUTE = 60_000;
const thisMinute = Math.floor(Date.now() / MINUTE) * MINUTE;

function minute(minutesAgo: number, overrides: Partial<MetricsMinute> = {}): MetricsMinute {
  return { at: new Date(thisMinute - minutesAgo * MINUTE).toISOString(), in: {}, out: {}, p50Ms: null, p99Ms: null, queued: 0, failures: 0, ...overrides };
}

function dashboard(overrides: Partial<DashboardData> = {}): DashboardData {
  return {
    minutes: [
      minute(30, { in: { secure: 40 }, out: { a2a: 5 }, p50Ms: 30, p99Ms: 400, queued: 2 }),
      minute(1, { in: { secure: 7, a2a: 1 }, out: { a2a: 3 }, p50Ms: 12, p99Ms: 180, queued: 4, failures: 2 }),
      minute(0, { in: { secure: 120, a2a: 3 }, out: { a2a: 9 }, p50Ms: 8, p99Ms: 1500, queued: 6, failures: 1 }),
    ],
    lastErrors: [
      { at: new Date(thisMinute).toISOString(), text: 'A message to bob could not be delivered: connection error: ECONNREFUSED' },
      { at: new Date(thisMinute - MINUTE).toISOString(), text: '401 for POST /' },
    ],
    deadLetters: {
      count: 5,
      topReasons: [
        { peerName: 'bob', reason: 'Gave up after 3 attempts: connection error: ECONNREFUSED.', count: 4 },
        { peerName: 'carol', reason: 'Refused (401).', count: 1 },
      ],
    },
    approvals: { pending: 2, oldestCreatedAt: new Date(Date.now() - 12 * MINUTE - 5000).toISOString() },
    ...overrides,
  };
}

function app(data: () => DashboardData, status = nodeStatus({ delivery: { queued: 6, dead: 5 } })) {
  const fake = fakeTransport({
    'node.status': () => status,
    'metrics.dashboard': () => data(),
    'approvals.list': () => ({ approvals: [], pending: 2 }),
    'peers.list': () => ({ peers: [] }),
    'outbox.list': () => ({ items: [], peers: [] }),
    'deadLetters.list': () => ({ deadLetters: [] }),
  });
  render(<App resolved={fake.resolved} />);
  return fake;
}

const dashboardCalls = (fake: ReturnType<typeof fakeTransport>) => fake.calls.filter((call) => call.method === 'metrics.dashboard').length;

describe('the Dashboard’s plots', () => {
  it('shows this minute’s messages in and out, the latest latencies and the queue beside the charts, each chart named, with a summary for screen readers', async () => {
    app(() => dashboard());
    const card = await screen.findByRole('article', { name: 'Last hour' });
    expect(within(card).getByTestId('plot-in-now').textContent).toBe('123');
    expect(within(card).getByTestId('plot-out-now').textContent).toBe('9');
    expect(within(card).getByTestId('plot-hour').textContent).toBe('171 / 17');
    expect(within(card).getByTestId('plot-p50').textContent).toBe('8 ms');
    expect(within(card).getByTestId('plot-p99').textContent).toBe('1.5 s');
    expect(within(card).getByTestId('plot-queued').textContent).toBe('6');
    expect(within(card).getByTestId('plot-failures').textContent).toBe('3');

    const chart = within(card).getByRole('img', { name: 'Messages received and sent per minute, by protocol, over the last hour' });
    // The chart is a picture; what it shows is in the table it points at, by protocol.
    const summary = document.getElementById(chart.getAttribute('aria-describedby')!)!;
    expect(summary.className).toBe('visually-hidden');
    const rows = within(summary).getAllByRole('row').map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Protocol', 'In this minute', 'Out this minute', 'In this hour', 'Out this hour'],
      ['A2A', '3', '9', '4', '17'],
      ['a2a-secure', '120', '0', '167', '0'],
    ]);
    const latency = within(card).getByRole('img', { name: /^Delivery latency/ });
    expect(document.getElementById(latency.getAttribute('aria-describedby')!)!.textContent).toBe('Delivery latency this minute: p50 8 ms, p99 1.5 s.');
    const queue = within(card).getByRole('img', { name: /^Messages waiting to go out/ });
    expect(document.getElementById(queue.getAttribute('aria-describedby')!)!.textContent).toBe('6 waiting to go out now; 3 failed delivery attempts in the last hour.');
  });

  it('says so when nothing happened in the last hour yet, and keeps the node’s cards', async () => {
    app(() => dashboard({ minutes: [minute(0)], lastErrors: [], deadLetters: { count: 0, topReasons: [] }, approvals: { pending: 0, oldestCreatedAt: null } }), nodeStatus());
    const card = await screen.findByRole('article', { name: 'Last hour' });
    expect(within(card).getByTestId('activity-empty').textContent).toMatch(/^No messages in the last hour yet\./);
    expect(within(card).queryByRole('img')).toBeNull();
    expect(screen.getByRole('article', { name: 'Node' })).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Receiving' })).toBeTruthy();
    expect(screen.getByTestId('no-errors').textContent).toBe('Nothing has gone wrong since the node started.');
  });

  it('lists the top dead-letter reasons, each one step from Delivery › Dead letters', async () => {
    app(() => dashboard());
    const reasons = await screen.findByRole('list', { name: 'Top reasons for dead letters' });
    const items = within(reasons).getAllByRole('button');
    expect(items.map((item) => item.textContent)).toEqual(['4× bob: Gave up after 3 attempts: connection error: ECONNREFUSED.', '1× carol: Refused (401).']);
    fireEvent.click(items[1]!);
    expect(uiStore.getState().screen).toBe('delivery');
    expect(uiStore.getState().deliveryTab).toBe('dead');
  });

  it('says how long the oldest approval has waited, the count opening Approvals', async () => {
    app(() => dashboard());
    await waitFor(() => expect(screen.getByTestId('oldest-approval').textContent).toBe('the oldest for 12 min'));
    fireEvent.click(screen.getByRole('button', { name: 'Open Approvals: 2 waiting' }));
    expect(uiStore.getState().screen).toBe('approvals');
  });

  it('shows the last errors as sentences, newest first', async () => {
    app(() => dashboard());
    const errors = await screen.findByTestId('last-errors');
    const sentences = [...errors.querySelectorAll('li')].map((item) => item.textContent!.replace(item.querySelector('time')!.textContent!, '').trim());
    expect(sentences).toEqual([
      'A message to bob could not be delivered: connection error: ECONNREFUSED',
      '401 for POST /',
    ]);
  });

  it('asks again every two seconds while shown, never per event, and stops when the operator leaves', async () => {
    let inNow = 1;
    const fake = app(() => dashboard({ minutes: [minute(0, { in: { secure: inNow } })] }));
    await waitFor(() => expect(screen.getByTestId('plot-in-now').textContent).toBe('1'));
    const chart = screen.getByRole('img', { name: /^Messages received and sent/ });
    expect(dashboardCalls(fake)).toBe(1);
    // A burst of messages is many events, and still no extra call: the next poll brings the new numbers.
    act(() => {
      for (let id = 1; id <= 500; id += 1) fake.push('message.added', { id, direction: 'in', protocol: 'secure', peerId: 'p', peerName: 'p', content: '', status: 'received', createdAt: new Date().toISOString() } as MessageSummary);
    });
    expect(dashboardCalls(fake)).toBe(1);
    inNow = 501;
    await waitFor(() => expect(screen.getByTestId('plot-in-now').textContent).toBe('501'), { timeout: 3500 });
    expect(dashboardCalls(fake)).toBe(2);
    // Updated in place: the same chart element, not a new one.
    expect(screen.getByRole('img', { name: /^Messages received and sent/ })).toBe(chart);

    act(() => uiStore.getState().actions.screenSelected('peers'));
    const calls = dashboardCalls(fake);
    await new Promise((resolve) => setTimeout(resolve, 2300));
    expect(dashboardCalls(fake)).toBe(calls);
  });
});

describe('the hour the plots show', () => {
  it('has every minute, a minute without a report carrying nothing and leaving the queue as it was', () => {
    const series = activitySeries([minute(3, { in: { secure: 2 }, queued: 5, p50Ms: 10, p99Ms: 20 }), minute(0, { out: { a2a: 1 }, queued: 1 })], thisMinute);
    expect(series.x).toHaveLength(60);
    expect(series.x.at(-1)).toBe(thisMinute / 1000);
    expect(series.x[1]! - series.x[0]!).toBe(60);
    expect(series.queued.slice(-5)).toEqual([null, 5, 5, 5, 1]);
    expect(series.p50.slice(-4)).toEqual([10, null, null, null]);
    expect(series.protocols.map((counts) => [counts.protocol, counts.inHour, counts.outHour])).toEqual([
      ['a2a', 0, 1],
      ['secure', 2, 0],
    ]);
    expect(series.latency).toEqual({ at: new Date(thisMinute - 3 * MINUTE).toISOString(), p50: 10, p99: 20, current: false });
    expect(series.quiet).toBe(false);
    expect(activitySeries([minute(0)], thisMinute).quiet).toBe(true);
  });
});
