import type { Finding, ProtocolReading } from '../../../../shared/domain/inspector';
import { addressKind } from '../../net/address-guard';
import type { InspectorSide } from '../protocol';

const finding = (severity: Finding['severity'], path: string, message: string): Finding => ({ severity, path, message, protocol: 'chat' });
const STABLE_HEALTH_FIELDS = ['status', 'name', 'from', 'version', 'schema_version', 'identity_version'];
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * An a2achat server (seed 003) publishes no card: it is recognised by its `/health` and by how a protected
 * endpoint refuses a call without a key (401 with a JSON error), which reads nothing and creates nothing.
 */
export function createChatInspector(): InspectorSide {
  return {
    async read(context) {
      const [health, pending] = await Promise.all([
        context.fetch({ id: 'chat.health', label: 'a2achat health', url: `${context.baseUrl}/health` }),
        context.fetch({ id: 'chat.api', label: 'a2achat API (no key: must be refused)', url: `${context.baseUrl}/v1/handshake/pending?agent_id=switchboard-inspector` }),
      ]);
      const reading: ProtocolReading = { protocol: 'chat', label: 'a2achat', found: false, valid: false, verdict: 'no a2achat API', versions: [], card: null, summary: null, signatures: [] };
      const findings: Finding[] = [];
      const api = (pending.status === 401 || pending.status === 403) && isObject(pending.json);
      if (!api) return { reading, findings };
      reading.found = true;
      const healthJson = isObject(health.json) ? health.json : null;
      // Only what identifies the service: /health also carries uptime and counters, which change on every call and
      // would make each check a new version.
      const stable = healthJson ? Object.fromEntries(Object.entries(healthJson).filter(([key]) => STABLE_HEALTH_FIELDS.includes(key))) : null;
      reading.card = { health: stable, api: pending.json };
      const version = typeof healthJson?.version === 'string' ? healthJson.version : null;
      reading.versions = version ? [version] : [];
      if (!healthJson) findings.push(finding('warning', 'http:chat.health', `/health did not answer JSON (${health.error ?? `HTTP ${health.status}`}): the hosted service's heartbeat compares its version.`));
      else if (healthJson.status !== 'OK' && healthJson.status !== 'ok') findings.push(finding('warning', '$.health.status', `/health says "${String(healthJson.status)}", not OK.`));
      if (!pending.https && addressKind(new URL(pending.url).hostname) === 'public') findings.push(finding('warning', 'http:chat.api', 'The API is plain http on a public address: API keys and session tokens travel unencrypted. Use https.'));
      reading.valid = !findings.some((entry) => entry.severity === 'error');
      reading.verdict = `a2achat API${version ? ` (version ${version})` : ''}: handshakes with an invite`;
      reading.summary = {
        name: typeof healthJson?.name === 'string' ? healthJson.name : null,
        description: null,
        version,
        provider: null,
        documentationUrl: null,
        iconUrl: null,
        interfaces: [{ url: `${context.baseUrl}/v1`, binding: 'a2achat HTTP + WebSocket', protocolVersion: version ?? '', tenant: '' }],
        protocolVersions: version ? [version] : [],
        capabilities: [],
        skills: [],
        inputModes: [],
        outputModes: [],
        securitySchemes: [
          { name: 'X-API-Key', kind: 'API key in header X-API-Key', description: 'from POST /v1/agents/join' },
          { name: 'X-Session-Token', kind: 'session token in header X-Session-Token', description: 'after the inviter approves the handshake' },
        ],
        securityRequirements: [['X-API-Key']],
        features: [],
        schema: null,
      };
      return { reading, findings };
    },
    auth: () => 'Needs an invite from the agent: this node joins the server, asks for a handshake, and talks once the agent approves.',
  };
}
