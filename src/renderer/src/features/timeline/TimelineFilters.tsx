import { useEffect, useState } from 'react';
import { messageStatuses, type MessageFilter, type MessageStatus } from '@shared/domain/message';
import { usePeers, useProtocols } from '../../api/queries';
import { PeerSelect } from '../../components/PeerSelect';

/** Filters for the timeline; text and trace id apply after a short pause in typing. */
export function TimelineFilters({ filter, onChange }: { filter: MessageFilter; onChange: (filter: MessageFilter) => void }) {
  const peers = usePeers();
  const protocols = useProtocols();
  const [text, setText] = useState(filter.text ?? '');
  const [trace, setTrace] = useState(filter.traceId ?? '');
  const [synced, setSynced] = useState({ text: filter.text, traceId: filter.traceId });
  if (synced.text !== filter.text || synced.traceId !== filter.traceId) {
    // Another part of the UI (a trace chip, a peer page) set the filter: reflect it in the inputs.
    setSynced({ text: filter.text, traceId: filter.traceId });
    setText(filter.text ?? '');
    setTrace(filter.traceId ?? '');
  }
  useEffect(() => {
    const timer = setTimeout(() => {
      const nextText = text.trim() || undefined;
      const nextTrace = trace.trim() || undefined;
      if (nextText !== filter.text || nextTrace !== filter.traceId) onChange({ ...filter, text: nextText, traceId: nextTrace });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, trace, filter, onChange]);

  const set = (patch: Partial<MessageFilter>) => onChange({ ...filter, ...patch });
  const active = Object.values(filter).some((value) => value !== undefined && value !== '');
  // Said in words, so a filter set elsewhere (a peer's Messages button, a trace chip) is never a silent one.
  const peerName = filter.peerId ? (peers.data?.find((peer) => peer.id === filter.peerId)?.name ?? filter.peerId) : null;
  const applied = [
    peerName ? `peer ${peerName}` : null,
    filter.direction ? (filter.direction === 'in' ? 'received only' : 'sent only') : null,
    filter.status ? `status ${filter.status}` : null,
    filter.protocol ? `protocol ${protocols.find((protocol) => protocol.id === filter.protocol)?.label ?? filter.protocol}` : null,
    filter.traceId ? `trace id ${filter.traceId}` : null,
    filter.text ? `text “${filter.text}”` : null,
  ].filter((part): part is string => part !== null);
  return (
    <div className="filters" role="search" aria-label="Timeline filters">
      <PeerSelect label="Peer" peers={peers.data} value={filter.peerId ?? ''} onChange={(peerId) => set({ peerId: peerId || undefined })} />
      <select aria-label="Direction" value={filter.direction ?? ''} onChange={(e) => set({ direction: (e.target.value || undefined) as MessageFilter['direction'] })}>
        <option value="">In and out</option>
        <option value="in">Received</option>
        <option value="out">Sent</option>
      </select>
      <select aria-label="Status" value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as MessageStatus | undefined })}>
        <option value="">Any status</option>
        {messageStatuses.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
      <select aria-label="Protocol" value={filter.protocol ?? ''} onChange={(e) => set({ protocol: e.target.value || undefined })}>
        <option value="">Any protocol</option>
        {protocols.map((protocol) => (
          <option key={protocol.id} value={protocol.id}>
            {protocol.label}
          </option>
        ))}
      </select>
      <input aria-label="Trace id" className="mono" placeholder="Paste a trace id" value={trace} onChange={(e) => setTrace(e.target.value)} />
      <input type="search" aria-label="Text" placeholder="Search text" value={text} onChange={(e) => setText(e.target.value)} />
      {active ? (
        <p className="filter-summary" data-testid="timeline-filter-summary">
          <span>Showing only: {applied.join(' · ')}</span>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setText('');
              setTrace('');
              onChange({});
            }}
          >
            Clear filters
          </button>
        </p>
      ) : null}
    </div>
  );
}
