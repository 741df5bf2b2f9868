import type { Logger } from '../core/logger';
import type { ScreenRequest } from './deep-links';
import type { NotificationConstructorLike, NotificationLike, NotificationOptionsLike } from './electron-types';

export type NotificationKind = 'approvals' | 'wakes' | 'deadLetters' | 'cards';

export interface NotifierDeps {
  Notification: NotificationConstructorLike;
  platform: NodeJS.Platform;
  logger: Logger;
  /** Whether the operator wants this kind (Settings › Desktop › Notifications). */
  enabled(kind: NotificationKind): boolean;
  /** Opens the window on a screen (a click). */
  show(request: ScreenRequest): void;
  /** Decides an approval from a notification's button; resolves with what to tell the operator. */
  decide(approvalId: string, action: DecisionButton['action']): Promise<string>;
}

/** A button that decides without more input (a reply needs text, so it stays in the app). */
export interface DecisionButton {
  label: string;
  action: 'approve' | 'forward' | 'reject';
}

export interface ApprovalNotice {
  approvalId: string;
  title: string;
  body: string;
  buttons: DecisionButton[];
}

const ACTIONS = ['approve', 'forward', 'reject'] as const;

/**
 * `approval:<id>:<action>,<action>`, carried in the notification's id so a click that restarts the app (Windows
 * activation) can still be routed, and its buttons mapped back to decisions.
 */
const approvalTag = (id: string, buttons: readonly DecisionButton[]) => `approval:${id}:${buttons.map((button) => button.action).join(',')}`;
function approvalIn(text: string): { approvalId: string; actions: DecisionButton['action'][] } | null {
  const match = /approval:(apr_[A-Za-z0-9_-]{1,64})(?::([a-z,]*))?/.exec(text);
  if (!match) return null;
  const actions = (match[2] ?? '').split(',').filter((action): action is DecisionButton['action'] => (ACTIONS as readonly string[]).includes(action));
  return { approvalId: match[1]!, actions };
}

/**
 * OS notifications. Each one is kept referenced until it is closed, clicked or fails (electron#16922: a
 * notification collected by the GC loses its click handler). A click opens the window on the item; on Windows
 * the activation handler also catches clicks that started the app. Buttons decide an approval, and deciding
 * twice is answered "already decided" by the core, so a late or repeated click is harmless.
 */
export function createNotifier(deps: NotifierDeps) {
  const live = new Set<NotificationLike>();
  const supported = (() => {
    try {
      return deps.Notification.isSupported();
    } catch {
      return false;
    }
  })();
  const actionsSupported = deps.platform === 'darwin' || deps.platform === 'win32';

  const decided = (approvalId: string, action: DecisionButton['action']) => {
    deps
      .decide(approvalId, action)
      .then((sentence) => post({ title: 'Switchboard', body: sentence }, { screen: 'approvals', approvalId }))
      .catch((error: unknown) => {
        deps.logger.warn('a decision from a notification failed', { error: error instanceof Error ? error.message : String(error) });
        post({ title: 'Switchboard', body: `That could not be done: ${error instanceof Error ? error.message : String(error)}` }, { screen: 'approvals', approvalId });
      });
  };

  function post(options: NotificationOptionsLike, route: ScreenRequest, onAction?: (index: number) => void): void {
    if (!supported) return;
    const notification = new deps.Notification({ silent: false, ...options });
    live.add(notification);
    const release = () => live.delete(notification);
    notification.on('click', () => {
      release();
      deps.show(route);
    });
    notification.on('close', release);
    notification.on('failed', () => {
      release();
      deps.logger.warn('a notification could not be shown (an unsigned macOS build cannot post them)', {});
    });
    if (onAction)
      notification.on('action', (details, index) => {
        release();
        onAction(typeof details?.actionIndex === 'number' ? details.actionIndex : (index ?? -1));
      });
    notification.show();
  }

  // Windows: one handler for every activation, including the click that launched the app.
  deps.Notification.handleActivation?.((details) => {
    const tagged = approvalIn(details.arguments ?? '');
    const action = tagged && details.type === 'action' && details.actionIndex !== undefined ? tagged.actions[details.actionIndex] : undefined;
    if (tagged && action) return decided(tagged.approvalId, action);
    deps.show(tagged ? { screen: 'approvals', approvalId: tagged.approvalId } : { screen: 'dashboard' });
  });

  return {
    approval(notice: ApprovalNotice): void {
      if (!deps.enabled('approvals')) return;
      // Buttons exist on macOS (signed builds) and Windows; Linux notifications have none.
      const buttons = actionsSupported ? notice.buttons : [];
      const actions = buttons.map((button) => ({ type: 'button' as const, text: button.label }));
      post(
        { title: notice.title, body: notice.body, id: approvalTag(notice.approvalId, buttons), ...(actions.length ? { actions, closeButtonText: 'Later' } : {}), timeoutType: 'never' },
        { screen: 'approvals', approvalId: notice.approvalId },
        (index) => {
          const button = buttons[index];
          if (button) decided(notice.approvalId, button.action);
        },
      );
    },
    wake(title: string, body: string): void {
      if (deps.enabled('wakes')) post({ title, body }, { screen: 'timeline' });
    },
    deadLetter(title: string, body: string): void {
      if (deps.enabled('deadLetters')) post({ title, body }, { screen: 'delivery', tab: 'deadLetters' });
    },
    card(title: string, body: string, route: ScreenRequest): void {
      if (deps.enabled('cards')) post({ title, body }, route);
    },
    /** Notifications shown and not yet closed (kept referenced). */
    live: () => live.size,
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
