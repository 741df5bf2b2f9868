import { AgentCard } from '@a2a-js/sdk';
import { duplicateInterfacesForLegacy } from '@a2a-js/sdk/compat/v0_3';
import type { A2aSettings } from '../../../../shared/domain/a2a';

export const A2A_PATH = '/a2a';

const BEARER_DESCRIPTION = "An API key from this node's operator, sent as Authorization: Bearer <key>.";
const HEADER_DESCRIPTION = "The same API key, sent as X-A2A-Key: <key>.";

/**
 * The 1.0 agent card. The JSON-RPC URL comes from the node's configured public URL (or, until one is set, its own
 * listening address) — never from a request's Host or X-Forwarded-* headers (seed-systems O2). The interface is
 * listed for 1.0 and 0.3 so 0.3 clients are answered too; the security schemes say exactly how keys are accepted,
 * so spec clients send them that way (seed-systems O8).
 */
export function buildAgentCard(input: { name: string; version: string; baseUrl: string; settings: A2aSettings; extended?: boolean }): AgentCard {
  const url = `${input.baseUrl}${A2A_PATH}`;
  const secured = !input.settings.allowUnauthenticated;
  // Skills for known callers only are in the extended card, which the public one then announces (A2A 1.0 §3.1.11).
  const hasExtended = input.settings.skills.some((skill) => skill.knownCallersOnly);
  const skills = input.extended ? input.settings.skills : input.settings.skills.filter((skill) => !skill.knownCallersOnly);
  const card = AgentCard.fromJSON({
    name: input.name,
    description: input.settings.description,
    version: input.version,
    supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: hasExtended },
    // The extended card is fetched with a key even when other calls need none (§13.3), so its schemes are declared.
    ...(secured || hasExtended
      ? {
          securitySchemes: {
            bearer: { httpAuthSecurityScheme: { scheme: 'bearer', description: BEARER_DESCRIPTION } },
            apiKey: { apiKeySecurityScheme: { location: 'header', name: 'X-A2A-Key', description: HEADER_DESCRIPTION } },
          },
        }
      : {}),
    ...(secured ? { securityRequirements: [{ schemes: { bearer: { list: [] } } }, { schemes: { apiKey: { list: [] } } }] } : {}),
    // Files of any type are accepted (kept and shown to the operator, never opened or run), and JSON data.
    defaultInputModes: ['text/plain', 'application/json', '*/*'],
    defaultOutputModes: ['text/plain'],
    skills: skills.map(({ id, name, description, tags }) => ({ id, name, description, tags, examples: [], inputModes: [], outputModes: [] })),
  });
  card.supportedInterfaces = duplicateInterfacesForLegacy(card.supportedInterfaces, ['JSONRPC']);
  return card;
}

/**
 * The 0.3-shaped card for clients that ask without an `A2A-Version` of 1.0. The SDK performs this translation only
 * inside its Express router; Switchboard serves on Fastify and builds the same shape here (the SDK's client,
 * with its 0.3 compatibility on, reads it back — tested).
 */
export function legacyAgentCard(card: AgentCard): Record<string, unknown> {
  const json = AgentCard.toJSON(card) as Record<string, unknown> & {
    supportedInterfaces: { url: string; protocolBinding: string; protocolVersion: string }[];
    securitySchemes?: Record<string, { httpAuthSecurityScheme?: { scheme: string; description?: string }; apiKeySecurityScheme?: { location: string; name: string; description?: string } }>;
    securityRequirements?: { schemes: Record<string, { list?: string[] }> }[];
    skills: { id: string; name: string; description: string; tags: string[] }[];
    capabilities: { streaming?: boolean; pushNotifications?: boolean; extendedAgentCard?: boolean };
  };
  const legacy = json.supportedInterfaces.filter((i) => i.protocolVersion.startsWith('0.'));
  const primary = legacy[0] ?? json.supportedInterfaces[0]!;
  const schemes = json.securitySchemes
    ? Object.fromEntries(
        Object.entries(json.securitySchemes).map(([name, scheme]) => [
          name,
          scheme.httpAuthSecurityScheme
            ? { type: 'http', scheme: scheme.httpAuthSecurityScheme.scheme, description: scheme.httpAuthSecurityScheme.description }
            : { type: 'apiKey', in: scheme.apiKeySecurityScheme?.location, name: scheme.apiKeySecurityScheme?.name, description: scheme.apiKeySecurityScheme?.description },
        ]),
      )
    : undefined;
  return {
    name: json.name,
    description: json.description,
    version: json.version,
    url: primary.url,
    preferredTransport: primary.protocolBinding,
    protocolVersion: '0.3',
    capabilities: { streaming: json.capabilities.streaming ?? false, pushNotifications: json.capabilities.pushNotifications ?? false },
    defaultInputModes: json.defaultInputModes,
    defaultOutputModes: json.defaultOutputModes,
    skills: json.skills.map((skill) => ({ id: skill.id, name: skill.name, description: skill.description, tags: skill.tags })),
    supportsAuthenticatedExtendedCard: json.capabilities.extendedAgentCard ?? false,
    ...(schemes ? { securitySchemes: schemes } : {}),
    ...(json.securityRequirements ? { security: json.securityRequirements.map((requirement) => Object.fromEntries(Object.keys(requirement.schemes).map((name) => [name, []]))) } : {}),
    ...(legacy.length > 1 ? { additionalInterfaces: legacy.slice(1).map((i) => ({ url: i.url, transport: i.protocolBinding })) } : {}),
    supportedInterfaces: json.supportedInterfaces,
  };
}
