import { z } from 'zod';
import type { CardSummary, Finding } from '../../../../shared/domain/inspector';
import { jsonPath } from '../../validation';

/**
 * A2A agent cards checked against the specification rather than against what an SDK happens to accept: 1.0 from
 * `specification/a2a.proto` (REQUIRED fields, enum strings, oneof wrappers, URL fields), 0.3 from the JSON schema
 * of v0.3.0. Each problem becomes a finding with its JSON path and a sentence saying what to fix.
 */

const text = z.string().min(1);
const url = z.url({ protocol: /^https?$/ });
const modes = z.array(z.string());

const extension = z.object({ uri: text, description: z.string().optional(), required: z.boolean().optional(), params: z.record(z.string(), z.unknown()).optional() });
const requirement10 = z.object({ schemes: z.record(z.string(), z.object({ list: z.array(z.string()).optional() })) });
const oauthFlows = z
  .object({
    authorizationCode: z.object({ authorizationUrl: url, tokenUrl: url, refreshUrl: url.optional(), scopes: z.record(z.string(), z.string()), pkceRequired: z.boolean().optional() }).optional(),
    clientCredentials: z.object({ tokenUrl: url, refreshUrl: url.optional(), scopes: z.record(z.string(), z.string()) }).optional(),
    deviceCode: z.object({ deviceAuthorizationUrl: url, tokenUrl: url, refreshUrl: url.optional(), scopes: z.record(z.string(), z.string()) }).optional(),
    implicit: z.unknown().optional(),
    password: z.unknown().optional(),
  })
  // OAuthFlows is a oneof: one flow per scheme (another flow is another scheme).
  .refine((flows) => Object.values(flows).filter((flow) => flow !== undefined).length === 1, 'must name exactly one flow (authorizationCode, clientCredentials or deviceCode); declare another scheme for another flow');
/** A SecurityScheme is a oneof: exactly one of these wrappers. */
const scheme10 = z
  .object({
    apiKeySecurityScheme: z.object({ location: z.enum(['query', 'header', 'cookie']), name: text, description: z.string().optional() }).optional(),
    httpAuthSecurityScheme: z.object({ scheme: text, bearerFormat: z.string().optional(), description: z.string().optional() }).optional(),
    oauth2SecurityScheme: z.object({ flows: oauthFlows, oauth2MetadataUrl: url.optional(), description: z.string().optional() }).optional(),
    openIdConnectSecurityScheme: z.object({ openIdConnectUrl: url, description: z.string().optional() }).optional(),
    mtlsSecurityScheme: z.object({ description: z.string().optional() }).optional(),
  })
  .refine((scheme) => Object.values(scheme).filter((value) => value !== undefined).length === 1, 'must be exactly one of apiKeySecurityScheme, httpAuthSecurityScheme, oauth2SecurityScheme, openIdConnectSecurityScheme, mtlsSecurityScheme');

export const card10 = z.object({
  name: text,
  description: text,
  supportedInterfaces: z
    .array(z.object({ url, protocolBinding: text, protocolVersion: text.regex(/^\d+\.\d+$/, 'must be Major.Minor ("1.0"), without a patch number'), tenant: z.string().optional() }))
    .min(1, 'lists no interface: callers cannot reach the agent'),
  version: text,
  capabilities: z.object({ streaming: z.boolean().optional(), pushNotifications: z.boolean().optional(), extensions: z.array(extension).optional(), extendedAgentCard: z.boolean().optional() }),
  defaultInputModes: modes,
  defaultOutputModes: modes,
  skills: z.array(
    z.object({
      id: text,
      name: text,
      description: text,
      tags: z.array(z.string()),
      examples: z.array(z.string()).optional(),
      inputModes: modes.optional(),
      outputModes: modes.optional(),
      securityRequirements: z.array(requirement10).optional(),
    }),
  ),
  provider: z.object({ url, organization: text }).optional(),
  documentationUrl: url.optional(),
  iconUrl: url.optional(),
  securitySchemes: z.record(z.string(), scheme10).optional(),
  securityRequirements: z.array(requirement10).optional(),
  signatures: z.array(z.object({ protected: text, signature: text, header: z.record(z.string(), z.unknown()).optional() })).optional(),
});

const scheme03 = z.discriminatedUnion('type', [
  z.object({ type: z.literal('apiKey'), in: z.enum(['query', 'header', 'cookie']), name: text, description: z.string().optional() }),
  z.object({ type: z.literal('http'), scheme: text, bearerFormat: z.string().optional(), description: z.string().optional() }),
  z.object({ type: z.literal('oauth2'), flows: z.record(z.string(), z.unknown()), oauth2MetadataUrl: url.optional(), description: z.string().optional() }),
  z.object({ type: z.literal('openIdConnect'), openIdConnectUrl: url, description: z.string().optional() }),
  z.object({ type: z.literal('mutualTLS'), description: z.string().optional() }),
]);

export const card03 = z.object({
  name: text,
  description: text,
  url,
  version: text,
  protocolVersion: text,
  preferredTransport: z.enum(['JSONRPC', 'GRPC', 'HTTP+JSON']).optional(),
  additionalInterfaces: z.array(z.object({ url, transport: text })).optional(),
  capabilities: z.object({ streaming: z.boolean().optional(), pushNotifications: z.boolean().optional(), stateTransitionHistory: z.boolean().optional(), extensions: z.array(extension).optional() }),
  defaultInputModes: modes,
  defaultOutputModes: modes,
  skills: z.array(z.object({ id: text, name: text, description: text, tags: z.array(z.string()), examples: z.array(z.string()).optional(), inputModes: modes.optional(), outputModes: modes.optional() })),
  provider: z.object({ url, organization: text }).optional(),
  documentationUrl: url.optional(),
  iconUrl: url.optional(),
  securitySchemes: z.record(z.string(), scheme03).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  supportsAuthenticatedExtendedCard: z.boolean().optional(),
});

const BINDINGS = ['JSONRPC', 'GRPC', 'HTTP+JSON'];

/**
 * What the 1.0 schema alone cannot say: security requirements that name a scheme the card does not declare,
 * deprecated OAuth flows, and bindings that are neither a standard one nor a URI.
 */
export function crossChecks10(card: Record<string, unknown>): Finding[] {
  const found: Finding[] = [];
  const declared = new Set(Object.keys(obj(card.securitySchemes)));
  const requirementLists: [string, unknown][] = [['$.securityRequirements', card.securityRequirements], ...(Array.isArray(card.skills) ? card.skills.map((skill, index): [string, unknown] => [`$.skills[${index}].securityRequirements`, obj(skill).securityRequirements]) : [])];
  for (const [path, list] of requirementLists) {
    if (!Array.isArray(list)) continue;
    list.forEach((requirement, index) => {
      for (const name of Object.keys(obj(obj(requirement).schemes))) {
        if (!declared.has(name)) found.push({ severity: 'error', path: `${path}[${index}].schemes.${name}`, message: `The requirement names the scheme "${name}", which securitySchemes does not declare: callers cannot tell what to send. Declare it, or fix the name.`, protocol: 'a2a' });
      }
    });
  }
  for (const [name, scheme] of Object.entries(obj(card.securitySchemes))) {
    const flows = obj(obj(obj(scheme).oauth2SecurityScheme).flows);
    for (const deprecated of ['implicit', 'password'].filter((flow) => flow in flows)) {
      found.push({ severity: 'warning', path: `$.securitySchemes.${name}.oauth2SecurityScheme.flows.${deprecated}`, message: `The ${deprecated} flow is deprecated in A2A 1.0 (OAuth 2.1 drops it); use authorizationCode with PKCE, clientCredentials or deviceCode.`, protocol: 'a2a' });
    }
  }
  if (Array.isArray(card.supportedInterfaces)) {
    card.supportedInterfaces.forEach((entry, index) => {
      const binding = str(obj(entry).protocolBinding);
      if (binding && !BINDINGS.includes(binding) && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(binding)) found.push({ severity: 'warning', path: `$.supportedInterfaces[${index}].protocolBinding`, message: `"${binding}" is neither a standard binding (${BINDINGS.join(', ')}) nor a URI naming a custom one: clients will not know how to call it.`, protocol: 'a2a' });
    });
  }
  return found;
}

/** A zod issue as an operator reads it: what the spec wants at that path. */
function sentence(issue: z.core.$ZodIssue, version: string): string {
  const field = String(issue.path.at(-1) ?? 'the card');
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${field} is required by A2A ${version}; add it.`;
  if (issue.code === 'invalid_type') return `${field} must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`} (A2A ${version}).`;
  if (issue.code === 'invalid_value') return `${field} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')} (A2A ${version}).`;
  if (issue.code === 'invalid_format' && issue.format === 'regex') return `${field} ${issue.message} (A2A ${version}).`;
  if (issue.code === 'invalid_format') return `${field} must be an absolute http(s) URL.`;
  if (issue.code === 'too_small' && issue.origin === 'string') return `${field} must not be empty (A2A ${version}).`;
  return `${field} ${issue.message} (A2A ${version}).`;
}

export function findingsOf(schema: z.ZodType, card: unknown, version: string): Finding[] {
  const parsed = schema.safeParse(card);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ severity: 'error' as const, path: jsonPath(issue.path), message: sentence(issue, version), protocol: 'a2a' }));
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const obj = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

function schemeKind(scheme: Record<string, unknown>): { kind: string; description: string } {
  const [wrapper, body] = Object.entries(scheme).find(([name]) => name.endsWith('SecurityScheme')) ?? [str(scheme.type) ?? 'unknown', scheme];
  const inner = obj(body);
  const description = str(inner.description) ?? '';
  switch (wrapper) {
    case 'apiKeySecurityScheme':
    case 'apiKey':
      return { kind: `API key in ${str(inner.location) ?? str(inner.in) ?? '?'} ${str(inner.name) ?? ''}`.trim(), description };
    case 'httpAuthSecurityScheme':
    case 'http':
      return { kind: `HTTP ${str(inner.scheme) ?? '?'}`, description };
    case 'oauth2SecurityScheme':
    case 'oauth2':
      return { kind: `OAuth 2 (${Object.keys(obj(inner.flows)).join(', ') || 'no flows'})`, description };
    case 'openIdConnectSecurityScheme':
    case 'openIdConnect':
      return { kind: `OpenID Connect (${str(inner.openIdConnectUrl) ?? '?'})`, description };
    case 'mtlsSecurityScheme':
    case 'mutualTLS':
      return { kind: 'mutual TLS', description };
    default:
      return { kind: wrapper, description };
  }
}

/** Any A2A card (1.0 or 0.3, valid or not) in one readable shape. */
export function summarize(cardJson: unknown): CardSummary {
  const card = obj(cardJson);
  const interfaces = Array.isArray(card.supportedInterfaces)
    ? card.supportedInterfaces.map((entry) => obj(entry)).map((entry) => ({ url: str(entry.url) ?? '', binding: str(entry.protocolBinding) ?? '', protocolVersion: str(entry.protocolVersion) ?? '', tenant: str(entry.tenant) ?? '' }))
    : [
        ...(str(card.url) ? [{ url: str(card.url)!, binding: str(card.preferredTransport) ?? 'JSONRPC', protocolVersion: str(card.protocolVersion) ?? '', tenant: '' }] : []),
        ...(Array.isArray(card.additionalInterfaces) ? card.additionalInterfaces.map((entry) => obj(entry)).map((entry) => ({ url: str(entry.url) ?? '', binding: str(entry.transport) ?? '', protocolVersion: str(card.protocolVersion) ?? '', tenant: '' })) : []),
      ];
  const capabilities = obj(card.capabilities);
  const schemes = obj(card.securitySchemes);
  const requirements = Array.isArray(card.securityRequirements)
    ? card.securityRequirements.map((entry) => Object.keys(obj(obj(entry).schemes)))
    : Array.isArray(card.security)
      ? card.security.map((entry) => Object.keys(obj(entry)))
      : [];
  const provider = obj(card.provider);
  return {
    name: str(card.name),
    description: str(card.description),
    version: str(card.version),
    provider: str(provider.organization) ? { organization: str(provider.organization)!, url: str(provider.url) ?? '' } : null,
    documentationUrl: str(card.documentationUrl),
    iconUrl: str(card.iconUrl),
    interfaces,
    protocolVersions: [...new Set(interfaces.map((entry) => entry.protocolVersion).filter(Boolean))],
    capabilities: [
      ...Object.entries(capabilities)
        .filter(([, value]) => typeof value === 'boolean')
        .map(([name, value]) => ({ name, value: String(value) })),
      ...(typeof card.supportsAuthenticatedExtendedCard === 'boolean' ? [{ name: 'supportsAuthenticatedExtendedCard', value: String(card.supportsAuthenticatedExtendedCard) }] : []),
      ...(Array.isArray(capabilities.extensions) ? capabilities.extensions.map((entry) => ({ name: 'extension', value: str(obj(entry).uri) ?? '' })) : []),
    ],
    skills: (Array.isArray(card.skills) ? card.skills : []).map((entry) => obj(entry)).map((skill) => ({
      id: str(skill.id) ?? '',
      name: str(skill.name) ?? '',
      description: str(skill.description) ?? '',
      tags: strings(skill.tags),
      examples: strings(skill.examples),
      inputModes: strings(skill.inputModes),
      outputModes: strings(skill.outputModes),
    })),
    inputModes: strings(card.defaultInputModes),
    outputModes: strings(card.defaultOutputModes),
    securitySchemes: Object.entries(schemes).map(([name, scheme]) => ({ name, ...schemeKind(obj(scheme)) })),
    securityRequirements: requirements,
    features: [],
    schema: null,
  };
}
