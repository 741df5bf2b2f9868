import { gatewayPolicies, gatewayPolicyLabels, type GatewayPolicy } from '@shared/domain/a2a';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation, useSettings } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useUiActions } from '../../stores/ui-store';

/** What answers this A2A peer's requests: ask the operator, forward to the local agent, or never forward. */
export function PeerGateway({ peer }: { peer: Peer }) {
  const settings = useSettings();
  const setPolicy = useControlMutation('peers.setGatewayPolicy');
  const { screenSelected } = useUiActions();
  const localAgent = settings.data?.a2a.localAgentUrl ?? null;
  return (
    <section className="credential" aria-label="Gateway policy">
      <h3>When {peer.name} asks</h3>
      <fieldset className="field">
        <legend className="visually-hidden">Gateway policy</legend>
        {gatewayPolicies.map((policy: GatewayPolicy) => (
          <label key={policy} className="check">
            <input
              type="radio"
              name={`gateway-${peer.id}`}
              checked={peer.gatewayPolicy === policy}
              disabled={setPolicy.isPending}
              onChange={() => setPolicy.mutate({ peer: peer.id, policy })}
            />{' '}
            {gatewayPolicyLabels[policy]}
          </label>
        ))}
      </fieldset>
      {peer.gatewayPolicy !== 'manual' && !localAgent ? (
        <p className="notice notice-warn">
          No local agent is set, so requests wait for you in Approvals.{' '}
          <button type="button" className="link-button" onClick={() => screenSelected('settings')}>
            Set one in Settings
          </button>
        </p>
      ) : null}
      {setPolicy.isError ? <ErrorNotice error={setPolicy.error} action="Policy not changed" /> : null}
    </section>
  );
}
