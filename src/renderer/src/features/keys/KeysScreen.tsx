import { useNodeStatus, useProtocols } from '../../api/queries';
import { DataKeyKeeper } from '../../components/DataKeyKeeper';
import { ErrorNotice } from '../../components/ErrorNotice';
import { screenCards } from '../../protocols/registry';

function DataKeyCard() {
  const status = useNodeStatus();
  return (
    <section className="card" aria-labelledby="data-key-title">
      <h2 id="data-key-title">Data key</h2>
      <p className="muted small">Secrets stored by this node (peer secrets, AES keys, credentials) are sealed with a data key kept by:</p>
      <DataKeyKeeper />
      {status.isError ? <ErrorNotice error={status.error} action="Could not read the node's status" /> : null}
    </section>
  );
}

/** Secrets this node issues or uses: each protocol's cards (API keys, credentials, invites, …), the data key last. */
export function KeysScreen() {
  const protocols = useProtocols();
  const cards = screenCards([], protocols, (ui) => ui.keysCards);
  return (
    <section className="screen" aria-labelledby="keys-title">
      <header className="screen-header">
        <h1 id="keys-title">Keys</h1>
      </header>
      <div className="settings-grid">
        {cards.map(({ id, Card }) => (
          <Card key={id} />
        ))}
        <DataKeyCard />
      </div>
    </section>
  );
}
