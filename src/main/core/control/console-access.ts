import { isoAt, type Clock } from '../clock';
import { randomToken } from '../crypto/tokens';
import type { Vault } from '../crypto/vault';
import type { AuditLog } from '../store/audit-log';
import type { SettingsStore } from '../store/settings-store';

/** The console's port when none is configured: fixed, so a bookmarked console still works after a restart. */
export const DEFAULT_CONSOLE_PORT = 7180;

const PORT = 'console.port';
const TOKEN = 'console.token';
const ROTATED_AT = 'console.tokenRotatedAt';

export interface ConsoleAccess {
  /** The admin token: made on the first start, kept (sealed) in the data dir until rotated. */
  token(): string;
  /** A new token, kept; the caller tells the listener. */
  rotate(): string;
  rotatedAt(): string | null;
  /** The port to listen on when none is configured (the last one used, else the default). */
  port(): number;
  rememberPort(port: number): void;
}

/**
 * What makes the console survive restarts: the same address (port) and the same admin token. The token is a
 * credential for the whole node, so it is sealed by the vault like a peer's secret, never stored in the clear
 * (control.json, 0600, is the CLI's copy while the node runs).
 */
export function createConsoleAccess(deps: { store: SettingsStore; vault: Vault; clock: Clock; audit: AuditLog }): ConsoleAccess {
  const { store, vault } = deps;
  const keep = (token: string) => store.set(TOKEN, vault.seal(token).toString('base64'));
  const stored = (): string | null => {
    const sealed = store.get<string>(TOKEN);
    if (typeof sealed !== 'string') return null;
    try {
      return vault.open(Buffer.from(sealed, 'base64'));
    } catch {
      // The vault key changed (a data dir restored without it): a new token is the only way on.
      return null;
    }
  };
  let current: string | null = null;
  return {
    token() {
      current ??= stored();
      if (current === null) {
        current = randomToken(32);
        keep(current);
      }
      return current;
    },
    rotate() {
      current = randomToken(32);
      keep(current);
      store.set(ROTATED_AT, isoAt(deps.clock));
      deps.audit.audit('console.token_rotated', {});
      return current;
    },
    rotatedAt: () => store.get<string>(ROTATED_AT) ?? null,
    port() {
      const port = store.get<number>(PORT);
      return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_CONSOLE_PORT;
    },
    rememberPort(port) {
      if (store.get<number>(PORT) !== port) store.set(PORT, port);
    },
  };
}
