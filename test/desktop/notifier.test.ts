import { beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/logger';
import type { ScreenRequest } from '../../src/main/desktop/deep-links';
import { createNotifier, type NotificationKind } from '../../src/main/desktop/notifier';
import { FakeNotification } from '../helpers/fake-electron';

describe('OS notifications (Notification injected)', () => {
  let shown: ScreenRequest[];
  let decisions: string[];
  let off: Set<NotificationKind>;
  beforeEach(() => {
    FakeNotification.reset();
    shown = [];
    decisions = [];
    off = new Set();
  });
  const notifier = (platform: NodeJS.Platform = 'win32') =>
    createNotifier({
      Notification: FakeNotification,
      platform,
      logger: silentLogger,
      enabled: (kind) => !off.has(kind),
      show: (request) => shown.push(request),
      decide: async (id, action) => (decisions.push(`${id}:${action}`), `done ${action}`),
    });

  it('keeps each notification referenced until it is clicked, closed or fails', () => {
    const n = notifier();
    n.wake('a', '1');
    n.wake('b', '2');
    n.card('c', '3', { screen: 'inspector' });
    expect(n.live()).toBe(3);
    FakeNotification.instances[0]!.click();
    FakeNotification.instances[1]!.emit('close');
    FakeNotification.instances[2]!.emit('failed');
    expect(n.live()).toBe(0);
    expect(shown).toEqual([{ screen: 'timeline' }]);
  });

  it('maps buttons to decisions on Windows and macOS, and has none on Linux', async () => {
    const n = notifier('win32');
    n.approval({ approvalId: 'apr_1', title: 't', body: 'b', buttons: [{ label: 'Approve', action: 'approve' }, { label: 'Reject', action: 'reject' }] });
    const notice = FakeNotification.instances[0]!;
    expect(notice.options).toMatchObject({ id: 'approval:apr_1:approve,reject', actions: [{ type: 'button', text: 'Approve' }, { type: 'button', text: 'Reject' }], closeButtonText: 'Later', timeoutType: 'never' });
    notice.press(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(decisions).toEqual(['apr_1:reject']);
    expect(FakeNotification.instances[1]!.options.body).toBe('done reject');

    FakeNotification.reset();
    notifier('linux').approval({ approvalId: 'apr_2', title: 't', body: 'b', buttons: [{ label: 'Approve', action: 'approve' }] });
    expect(FakeNotification.instances[0]!.options.actions).toBeUndefined();
  });

  it('routes Windows activations, also for a notification from before a restart, to the decision or the item', async () => {
    notifier('win32');
    FakeNotification.activation!({ type: 'action', actionIndex: 0, arguments: 'approval:apr_7:forward,reject' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(decisions).toEqual(['apr_7:forward']);
    FakeNotification.activation!({ type: 'action', actionIndex: 5, arguments: 'approval:apr_7:forward,reject' });
    FakeNotification.activation!({ type: 'click', arguments: 'something else' });
    // A button that is not there opens the item; an activation that names none opens the app.
    expect(shown).toEqual([{ screen: 'approvals', approvalId: 'apr_7' }, { screen: 'dashboard' }]);
  });

  it('posts nothing the operator turned off, nor anything where notifications are not supported', () => {
    off.add('wakes');
    notifier().wake('a', 'b');
    expect(FakeNotification.instances).toHaveLength(0);
    FakeNotification.supported = false;
    notifier().deadLetter('a', 'b');
    expect(FakeNotification.instances).toHaveLength(0);
  });
});
