import type { Peer } from '@shared/domain/peer';

/** A peer picker for filters: "" means every peer. */
export function PeerSelect({ label, peers, value, onChange, allLabel = 'All peers' }: { label: string; peers: readonly Peer[] | undefined; value: string; onChange: (peerId: string) => void; allLabel?: string }) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{allLabel}</option>
      {peers?.map((peer) => (
        <option key={peer.id} value={peer.id}>
          {peer.name}
        </option>
      ))}
    </select>
  );
}
