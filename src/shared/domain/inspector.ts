/**
 * The capability-card inspector: what an agent at a URL publishes, what it claims, whether the claims hold, and
 * how its card changes over time. The core fetches, validates and probes; the UI and the CLI only show reports.
 */

export type FindingSeverity = 'error' | 'warning' | 'info';

/** One thing the inspector noticed: where (a JSON path into the card, or a fetch or probe id) and what to do. */
export interface Finding {
  severity: FindingSeverity;
  /** `$.supportedInterfaces[0].url`, or `http:a2a.card` / `probe:a2a.auth` for what is not in a card. */
  path: string;
  /** A plain sentence with the fix. */
  message: string;
  /** The protocol whose check this is (null: the inspector's own, e.g. the target is unreachable). */
  protocol: string | null;
}

/** A header Switchboard would send to (or sent to) a URL, masked: from Keys › outbound credentials or the peer. */
export interface CredentialUse {
  name: string;
  masked: string;
  /** "Keys › https://agents.example/team" or "Peers › alice (outbound secret)". */
  source: string;
}

export interface RedirectHop {
  status: number;
  location: string;
  /** Followed only within the same origin (a redirect elsewhere would take credentials along). */
  followed: boolean;
}

/** One HTTP exchange the inspector made, with what an operator needs to judge it. */
export interface FetchRecord {
  /** `a2a.card-1.0`, `secure.card`, `chat.health`, … */
  id: string;
  label: string;
  method: string;
  url: string;
  /** Request headers that matter (A2A-Version, If-None-Match); credentials are in `credentials`, masked. */
  requestHeaders: Record<string, string>;
  status: number | null;
  ms: number;
  bytes: number;
  contentType: string | null;
  etag: string | null;
  cacheControl: string | null;
  lastModified: string | null;
  https: boolean;
  redirects: RedirectHop[];
  /** Credentials that match this URL, and whether they were sent (only where the protocol needs them). */
  credentials: CredentialUse[];
  credentialsSent: boolean;
  /** Why there is no usable answer: "connection refused", "timed out after 5000 ms", "larger than 1 MiB"… */
  error: string | null;
  /** The answer as JSON when it parsed, else null (see `text`). */
  json: unknown;
  /** The first characters of a non-JSON answer. */
  text: string | null;
}

export interface CardInterface {
  url: string;
  binding: string;
  protocolVersion: string;
  tenant: string;
}

export interface CardSkill {
  id: string;
  name: string;
  description: string;
  tags: string[];
  examples: string[];
  inputModes: string[];
  outputModes: string[];
}

export interface CardSecurityScheme {
  name: string;
  /** "http bearer", "api key in header X-A2A-Key", "oauth2", … */
  kind: string;
  description: string;
}

/** A card read into one shape, whatever protocol and version it came in. */
export interface CardSummary {
  name: string | null;
  description: string | null;
  version: string | null;
  provider: { organization: string; url: string } | null;
  documentationUrl: string | null;
  iconUrl: string | null;
  interfaces: CardInterface[];
  protocolVersions: string[];
  capabilities: { name: string; value: string }[];
  skills: CardSkill[];
  inputModes: string[];
  outputModes: string[];
  securitySchemes: CardSecurityScheme[];
  /** Each requirement: the schemes that together satisfy it. */
  securityRequirements: string[][];
  /** a2a-secure: the features it advertises and its schema range. */
  features: string[];
  schema: { current: string; min: string; max: string } | null;
}

export interface SignatureCheck {
  /** The key id from the protected header. */
  kid: string | null;
  alg: string | null;
  /** Where the key came from: the `jku` URL, an embedded `jwk`, or nothing found. */
  keySource: string | null;
  /** `jku`: a published key (it says who signed); `jwk`: embedded in the header (integrity only). */
  keyFrom: 'jku' | 'jwk' | null;
  verified: boolean;
  /** Why it did not verify, or how it did ("over the card without default values"). */
  detail: string;
}

/** What one protocol made of the target. */
export interface ProtocolReading {
  protocol: string;
  label: string;
  /** This protocol's documents were found there. */
  found: boolean;
  valid: boolean;
  /** "valid A2A 1.0 card; also serves 0.3", "a2a-secure 2.5, schema 1.0–2.4". */
  verdict: string;
  versions: string[];
  /** The card as published (the newest version this protocol reads), for the raw view. */
  card: unknown;
  summary: CardSummary | null;
  signatures: SignatureCheck[];
}

export type ProbeOutcome = 'pass' | 'fail' | 'skipped';

/** A safe, explained check of a claim against the endpoint's behaviour. */
export interface ProbeResult {
  id: string;
  protocol: string;
  label: string;
  /** What is sent and why it is harmless. */
  explanation: string;
  outcome: ProbeOutcome;
  detail: string;
  ms: number;
}

export interface Compatibility {
  /** The protocol Switchboard would use with this agent (null: none it speaks). */
  protocol: string | null;
  /** What authentication the agent asks for, in a sentence. */
  auth: string;
  /** Outbound credentials configured for this URL (masked). */
  credentials: CredentialUse[];
  notes: string[];
}

export type InspectionVerdict = 'valid' | 'invalid' | 'unreachable';

export interface InspectionTarget {
  url: string;
  peerId: string | null;
  peerName: string | null;
  /** This node itself: "how do peers see me?" */
  self: boolean;
}

export interface InspectionReport {
  target: InspectionTarget;
  at: string;
  verdict: InspectionVerdict;
  /** One line for people, e.g. "valid A2A 1.0 card; also serves 0.3 · a2a-secure 2.5, schema 1.0–2.4". */
  verdictLine: string;
  /** The protocol the agent speaks best (the first of the node's list it was found to speak). */
  protocol: string | null;
  readings: ProtocolReading[];
  /** Every finding, errors first. */
  findings: Finding[];
  fetches: FetchRecord[];
  probes: ProbeResult[];
  compatibility: Compatibility;
  /** Prefilled for "Save as peer" (null when no protocol of this node recognised the target). */
  suggestedPeer: { name: string; baseUrl: string; protocol: string } | null;
  /** The stored card version this report saw (null when no card was read). */
  versionId: number | null;
}

/** A distinct card a URL has published, kept while it is watched or known. */
export interface CardVersion {
  id: number;
  url: string;
  protocol: string;
  /** First seen. */
  at: string;
  hash: string;
  card: unknown;
}

export type CardChangeKind = 'added' | 'removed' | 'changed';

/** One difference between two card versions, by JSON path (not by text). */
export interface CardChange {
  path: string;
  kind: CardChangeKind;
  before: unknown;
  after: unknown;
  /** A change operators must look at (a security scheme, an interface URL). */
  warning: boolean;
}

export interface CardWatch {
  url: string;
  peerId: string | null;
  peerName: string | null;
  intervalSeconds: number;
  enabled: boolean;
  lastCheckedAt: string | null;
  lastVerdict: InspectionVerdict | null;
  lastVersionId: number | null;
  /** Why the last check did not complete, if it did not. */
  lastError: string | null;
}

/** A message sent from the inspector's "Try it", and what came back. */
export interface TryItExchange {
  id: number;
  url: string;
  peerId: string | null;
  at: string;
  /** The JSON-RPC request as sent (credentials never included; they travel in headers). */
  request: unknown;
  /** Every answer: the reply, or each streamed event, as received. */
  responses: unknown[];
  /** The agent's words, rendered. */
  replyText: string;
  /** `completed`, `input-required`, `message` (a direct reply), `failed: …` */
  outcome: string;
  /** Saved into the peer's conversation (else a scratch exchange). */
  savedToConversation: boolean;
}
