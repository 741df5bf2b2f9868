import { z } from 'zod';
import type { Finding, ProtocolReading } from '../../../../shared/domain/inspector';
import { addressKind } from '../../net/address-guard';
import type { InspectorSide } from '../protocol';
import { jsonPath } from '../../validation';
import { compareVersions, parseSchemaVersion, SCHEMA } from './schema-version';
import { SECURE_FEATURES } from './capability-card';

const version = z.string().regex(/^\d{1,6}(\.\d{1,6}){0,2}$/, 'must be a version like "2.4"');

/** The a2a-secure capability card as seed 000 publishes it on `GET /`. */
const capabilityCard = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  skills: z.array(z.string()),
  features: z.array(z.string()),
  schema: z.object({ current: version, min_supported: version, max_supported: version }),
});

const finding = (severity: Finding['severity'], path: string, message: string): Finding => ({ severity, path, message, protocol: 'secure' });
const looksLikeCard = (json: unknown) => json !== null && typeof json === 'object' && !Array.isArray(json) && 'schema' in json && 'features' in json;

/** What an a2a-secure peer publishes (its card on `GET /`), and whether it refuses a message without a secret. */
export function createSecureInspector(): InspectorSide {
  return {
    async read(context) {
      const fetch = await context.fetch({ id: 'secure.card', label: 'a2a-secure capability card', url: `${context.baseUrl}/` });
      const reading: ProtocolReading = { protocol: 'secure', label: 'a2a-secure', found: false, valid: false, verdict: 'no a2a-secure card', versions: [], card: null, summary: null, signatures: [] };
      const findings: Finding[] = [];
      if (fetch.status !== 200 || !looksLikeCard(fetch.json)) return { reading, findings };
      const card = fetch.json as Record<string, unknown>;
      reading.found = true;
      reading.card = card;
      const parsed = capabilityCard.safeParse(card);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) findings.push(finding('error', jsonPath(issue.path), `${String(issue.path.at(-1) ?? 'the card')}: ${issue.message} (seed 000 card).`));
      }
      const schema = (card.schema ?? {}) as { current?: unknown; min_supported?: unknown; max_supported?: unknown };
      const range = [schema.min_supported, schema.max_supported].map(parseSchemaVersion);
      if (range[0] && range[1]) {
        if (compareVersions(range[0], range[1]) > 0) findings.push(finding('error', '$.schema', `min_supported (${String(schema.min_supported)}) is newer than max_supported (${String(schema.max_supported)}).`));
        const ours = [parseSchemaVersion(SCHEMA.min_supported)!, parseSchemaVersion(SCHEMA.max_supported)!];
        if (compareVersions(range[1], ours[0]!) < 0 || compareVersions(range[0], ours[1]!) > 0) findings.push(finding('error', '$.schema', `Its schema range ${String(schema.min_supported)}–${String(schema.max_supported)} does not overlap this node's ${SCHEMA.min_supported}–${SCHEMA.max_supported}: messages would be refused.`));
      }
      const features = Array.isArray(card.features) ? card.features.filter((item): item is string => typeof item === 'string') : [];
      const unknown = features.filter((feature) => !(SECURE_FEATURES as readonly string[]).includes(feature));
      if (unknown.length > 0) findings.push(finding('info', '$.features', `Features this node does not know: ${unknown.join(', ')}.`));
      if (!features.includes('aes-gcm')) findings.push(finding('info', '$.features', 'No aes-gcm: messages to it travel in plain text inside the HTTP body.'));
      reading.valid = parsed.success && !findings.some((entry) => entry.severity === 'error');
      reading.versions = typeof card.version === 'string' ? [card.version] : [];
      reading.verdict = `${reading.valid ? '' : 'invalid '}a2a-secure ${String(card.version ?? '?')}, schema ${String(schema.min_supported ?? '?')}–${String(schema.max_supported ?? '?')}`;
      reading.summary = {
        name: typeof card.name === 'string' ? card.name : null,
        description: null,
        version: typeof card.version === 'string' ? card.version : null,
        provider: null,
        documentationUrl: null,
        iconUrl: null,
        interfaces: [{ url: `${context.baseUrl}/`, binding: 'a2a-secure (POST /)', protocolVersion: String(schema.current ?? ''), tenant: '' }],
        protocolVersions: typeof schema.current === 'string' ? [schema.current] : [],
        capabilities: [],
        skills: (Array.isArray(card.skills) ? card.skills : []).filter((skill): skill is string => typeof skill === 'string').map((skill) => ({ id: skill, name: skill, description: '', tags: [], examples: [], inputModes: [], outputModes: [] })),
        inputModes: [],
        outputModes: [],
        securitySchemes: [{ name: 'bearer', kind: 'HTTP bearer (a shared secret per peer)', description: 'seed 000: Authorization: Bearer <secret>' }],
        securityRequirements: [['bearer']],
        features,
        schema: { current: String(schema.current ?? ''), min: String(schema.min_supported ?? ''), max: String(schema.max_supported ?? '') },
      };
      if (!fetch.https && addressKind(new URL(fetch.url).hostname) === 'public') findings.push(finding('info', 'http:secure.card', 'Served over plain http on a public address: encrypt messages to this peer (AES key), or put it behind https.'));
      return { reading, findings };
    },

    async probe(context) {
      const open = await context.fetch({ id: 'probe:secure.auth', label: 'a2a-secure without a secret', method: 'POST', url: `${context.baseUrl}/`, body: JSON.stringify({ schema_version: SCHEMA.current, message: 'inspector probe' }) });
      const refused = open.status === 401;
      return {
        probes: [
          {
            id: 'probe:secure.auth',
            protocol: 'secure',
            label: 'A secret is required',
            explanation: 'Posts a message without any secret: seed 000 answers 401 and stores nothing.',
            outcome: refused ? 'pass' : 'fail',
            detail: open.error ?? `HTTP ${open.status}`,
            ms: open.ms,
          },
        ],
        findings: refused ? [] : [finding('error', 'probe:secure.auth', `A message without a secret was answered ${open.error ?? `HTTP ${open.status}`}, not 401: anyone can send to this peer.`)],
      };
    },

    auth: () => 'Needs a shared secret: the peer gives you the secret it expects (your outbound secret) and you give it one to present to you.',
    sensitive: (path) => /^\$\.(schema|features)\b/.test(path),
  };
}
