import { useState, type FormEvent } from 'react';
import { usePeers } from '../../api/queries';
import { PeerSelect } from '../../components/PeerSelect';
import { useInspectorActions, useInspectorDraft, useInspectorProbe } from '../../stores/inspector-store';
import { parseTargetUrl } from './inspection-target';

/** What to inspect: a URL typed or pasted (Enter inspects), a peer, or this node as its peers see it. */
export function TargetBar({ busy }: { busy: boolean }) {
  const draft = useInspectorDraft();
  const probe = useInspectorProbe();
  const { draftChanged, probeToggled, inspected } = useInspectorActions();
  const peers = usePeers();
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.peerId) {
      setError(null);
      inspected({ peer: draft.peerId });
      return;
    }
    const parsed = parseTargetUrl(draft.url);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    inspected({ url: parsed.url });
  };

  return (
    <form className="target-bar" aria-label="What to inspect" onSubmit={submit} noValidate>
      <div className="row target-row">
        <input
          className="mono target-url"
          aria-label="Agent URL"
          placeholder="https://agent.example  or  …/.well-known/agent-card.json"
          value={draft.url}
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'target-error' : undefined}
          onChange={(event) => {
            setError(null);
            draftChanged({ url: event.target.value, peerId: '' });
          }}
        />
        <span className="muted small">or</span>
        <PeerSelect label="Peer to inspect" allLabel="Choose a peer…" peers={peers.data} value={draft.peerId} onChange={(peerId) => draftChanged({ url: '', peerId })} />
        <button type="submit" className="button button-primary" disabled={busy || (!draft.url.trim() && !draft.peerId)}>
          {busy ? 'Inspecting…' : 'Inspect'}
        </button>
        <button type="button" className="button" disabled={busy} title="How do peers see me? Reads this node's own cards from its public URL." onClick={() => inspected({ self: true })}>
          This node
        </button>
      </div>
      <label className="probe-toggle small">
        <input type="checkbox" checked={probe} onChange={(event) => probeToggled(event.target.checked)} /> Run probes{' '}
        <span className="muted">— safe requests that test what the card claims (each says what it sends and why it is harmless)</span>
      </label>
      {error ? (
        <p id="target-error" role="alert" className="small bad-text">
          {error}
        </p>
      ) : null}
    </form>
  );
}
