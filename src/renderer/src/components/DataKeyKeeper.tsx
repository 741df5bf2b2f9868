import type { KeychainInfo } from '@shared/domain/desktop';
import { useDesktopState, useNodeStatus } from '../api/queries';
import { ErrorNotice } from './ErrorNotice';

/** What a data key without an OS keychain means, in plain words (the core's note says where it is). */
function WeakKeychainNotice({ keychain }: { keychain: KeychainInfo }) {
  return (
    <div className="notice notice-warn keychain-warning" role="note" data-testid="keychain-warning">
      <p>
        <strong>
          <span aria-hidden="true">⚠ </span>No OS keychain protects the data key.
        </strong>{' '}
        {keychain.kind === 'basic_text'
          ? 'This Linux session offers no secret service (such as GNOME Keyring or KWallet), so the key is not locked away by your login. '
          : 'The key is kept in a file that only your user account can read, not locked away by your login. '}
        Anyone who can read this computer’s files as you — a backup, a copy of the data folder, a program running as you — can unseal the stored peer
        secrets, AES keys and credentials.
      </p>
    </div>
  );
}

/**
 * Where the key that seals stored secrets lives. The web console shows the node's vault backend; the desktop app
 * also says which keychain that is and what it means, and warns when there is none.
 */
export function DataKeyKeeper() {
  const status = useNodeStatus();
  const desktop = useDesktopState();
  const backend = status.data?.vaultBackend ?? '…';
  const keychain = desktop.data?.keychain;
  if (!keychain) {
    return (
      <div className="data-key-keeper">
        <p>
          <strong data-testid="vault-backend">{backend}</strong>
        </p>
        {desktop.isError ? <ErrorNotice error={desktop.error} action="Could not read which keychain the desktop uses" /> : null}
      </div>
    );
  }
  return (
    <div className="data-key-keeper">
      <p>
        <strong data-testid="keychain-label">{keychain.label}</strong>
      </p>
      <p className="muted small" data-testid="keychain-note">
        {keychain.note}
      </p>
      <p className="muted small">
        Vault backend: <code data-testid="vault-backend">{backend}</code>
      </p>
      {keychain.kind === 'keychain' ? null : <WeakKeychainNotice keychain={keychain} />}
    </div>
  );
}
