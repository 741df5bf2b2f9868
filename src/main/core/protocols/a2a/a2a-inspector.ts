import type { FetchRecord, Finding, ProbeResult, ProtocolReading } from '../../../../shared/domain/inspector';
import { uuid } from '../../crypto/ids';
import { CoreError } from '../../errors';
import { addressKind } from '../../net/address-guard';
import type { Credential } from '../../net/guarded-fetch';
import { headerValueHint, type PeerStore } from '../../store/peer-store';
import type { InspectContext, InspectorSide, TryItInput } from '../protocol';
import { verifyCardSignatures } from './card-signature';
import { card03, card10, crossChecks10, findingsOf, summarize } from './card-validation';
import type { CredentialStore } from './credential-store';
import { a2aOutboundHeaders } from './outbound-headers';

const CARD_PATH = '/.well-known/agent-card.json';
const LEGACY_CARD_PATH = '/.well-known/agent.json';
const TRY_TIMEOUT_MS = 30_000;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const finding = (severity: Finding['severity'], path: string, message: string): Finding => ({ severity, path, message, protocol: 'a2a' });

/**
 * A 0.3 card names one `url` (and a top-level `protocolVersion`; a card served to 0.3 clients may list the 1.0
 * `supportedInterfaces` as well); a 1.0 card has neither. Any JSON object at the card's path is judged as a card,
 * so one missing its defining field is told what is missing rather than called "not an A2A card".
 */
const shapeOf = (json: unknown): '1.0' | '0.3' | null => {
  if (!isObject(json)) return null;
  if (typeof json.url === 'string' && (typeof json.protocolVersion === 'string' || !Array.isArray(json.supportedInterfaces))) return '0.3';
  return '1.0';
};

/** The JSON of a fetch that answered with a card (2xx), else null: an error body is not a card. */
const cardOf = (fetch: FetchRecord): Json | null => (fetch.status !== null && fetch.status >= 200 && fetch.status < 300 && isObject(fetch.json) ? fetch.json : null);

/** What a fetch's problems mean for an A2A card, as findings (the card itself is judged elsewhere). */
function httpFindings(fetch: FetchRecord, what: string): Finding[] {
  const at = `http:${fetch.id}`;
  const found: Finding[] = [];
  if (fetch.error) found.push(finding(fetch.status === null ? 'error' : 'warning', at, `${what}: ${fetch.error}.`));
  if (fetch.status !== null && fetch.status >= 400 && !fetch.error) found.push(finding('info', at, `${what} answered ${fetch.status}.`));
  if (fetch.json !== null && !isObject(fetch.json)) found.push(finding('error', at, `${what} is JSON, but not an object: a card is a JSON object.`));
  if (fetch.status === 200 && fetch.json === null && !fetch.error) found.push(finding('error', at, `${what} is not JSON${fetch.contentType ? ` (${fetch.contentType})` : ''}; serve the card as application/json.`));
  if (fetch.status === 200 && isObject(fetch.json)) {
    if (!String(fetch.contentType).startsWith('application/json')) found.push(finding('warning', at, `${what} is served as ${fetch.contentType ?? 'no content type'}; clients expect application/json.`));
    if (!fetch.etag && !fetch.cacheControl && !fetch.lastModified) found.push(finding('info', at, `${what} has no ETag, Cache-Control or Last-Modified: every client fetches it in full every time.`));
    if (!fetch.https && addressKind(new URL(fetch.url).hostname) === 'public') found.push(finding('warning', at, `${what} is served over plain http on a public address: anyone on the path can change it.`));
  }
  for (const hop of fetch.redirects) found.push(finding(hop.followed ? 'info' : 'warning', at, `${what} redirects (${hop.status}) to ${hop.location}${hop.followed ? '' : ', on another origin, which is not followed'}.`));
  return found;
}

/** Interface URLs checked against where the card came from (A2A 1.0 §8.3; seed-systems O2: cards that point elsewhere). */
function interfaceFindings(card: Json, fetchedFrom: string): Finding[] {
  const found: Finding[] = [];
  const host = new URL(fetchedFrom).host;
  const entries: { url: unknown; path: string }[] = Array.isArray(card.supportedInterfaces)
    ? card.supportedInterfaces.map((entry, index) => ({ url: isObject(entry) ? entry.url : undefined, path: `$.supportedInterfaces[${index}].url` }))
    : [{ url: card.url, path: '$.url' }, ...(Array.isArray(card.additionalInterfaces) ? card.additionalInterfaces.map((entry, index) => ({ url: isObject(entry) ? entry.url : undefined, path: `$.additionalInterfaces[${index}].url` })) : [])];
  for (const { url, path } of entries) {
    if (typeof url !== 'string') continue;
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      continue;
    }
    if (target.host !== host) found.push(finding('warning', path, `The interface is on ${target.host}, not on ${host} where the card came from: a misconfiguration, or a card that sends callers (and their credentials) elsewhere.`));
    const kind = addressKind(target.hostname);
    if (kind === 'refused') found.push(finding('error', path, `The interface points to ${target.hostname}, a metadata or link-local address; Switchboard will not call it.`));
    else if (kind !== 'public' && addressKind(new URL(fetchedFrom).hostname) === 'public') found.push(finding('warning', path, `The interface points to a ${kind} address (${target.hostname}) although the card is public: callers elsewhere cannot reach it.`));
    if (target.protocol === 'http:' && kind === 'public') found.push(finding('warning', path, 'The interface is plain http on a public address: requests and keys travel unencrypted. Serve it over https.'));
  }
  return found;
}

const isHttpUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** The JSON-RPC interface to probe and try (1.x preferred); interfaces without a usable http(s) URL are passed over. */
function jsonRpcUrl(reading: ProtocolReading): { url: string; version: '1.0' | '0.3' } | null {
  const interfaces = (reading.summary?.interfaces ?? []).filter((entry) => isHttpUrl(entry.url));
  const preferred = interfaces.find((entry) => entry.binding === 'JSONRPC' && entry.protocolVersion.startsWith('1.')) ?? interfaces.find((entry) => entry.binding === 'JSONRPC');
  return preferred ? { url: preferred.url, version: preferred.protocolVersion.startsWith('0.') ? '0.3' : '1.0' } : null;
}

const rpc = (method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', id: uuid(), method, params });
const rpcError = (json: unknown): { code: number; message: string } | null => {
  const error = isObject(json) && isObject(json.error) ? json.error : null;
  return error && typeof error.code === 'number' ? { code: error.code, message: String(error.message ?? '') } : null;
};

/** The agent's words in an answer: a message's text parts, a task's status message and artifacts, stream events. */
function replyTextOf(responses: readonly unknown[]): string {
  const texts: string[] = [];
  const partsText = (parts: unknown) => {
    if (!Array.isArray(parts)) return;
    for (const part of parts) if (isObject(part) && typeof part.text === 'string' && part.text && !texts.includes(part.text)) texts.push(part.text);
  };
  const visit = (value: unknown) => {
    if (!isObject(value)) return;
    const result = isObject(value.result) ? value.result : value;
    for (const node of [result, result.task, result.message, result.msg, result.statusUpdate, result.artifactUpdate]) {
      if (!isObject(node)) continue;
      if (node.role === 'ROLE_AGENT' || node.role === 'agent') partsText(node.parts);
      if (isObject(node.status) && isObject(node.status.message)) partsText(node.status.message.parts);
      if (isObject(node.artifact)) partsText(node.artifact.parts);
      if (Array.isArray(node.artifacts)) for (const artifact of node.artifacts) if (isObject(artifact)) partsText(artifact.parts);
    }
  };
  responses.forEach(visit);
  return texts.join('\n');
}

function outcomeOf(responses: readonly unknown[]): string {
  let outcome = 'no answer';
  for (const response of responses) {
    const error = rpcError(response);
    if (error) return `failed: ${error.message.slice(0, 200)} (${error.code})`;
    const result = isObject(response) && isObject(response.result) ? response.result : isObject(response) ? response : {};
    for (const node of [result, result.task, result.statusUpdate]) {
      if (isObject(node) && isObject(node.status) && typeof node.status.state === 'string') outcome = node.status.state.replace(/^TASK_STATE_/, '').toLowerCase().replace(/_/g, '-');
    }
    if (isObject(result.message) || result.role === 'ROLE_AGENT' || result.kind === 'message') outcome = 'message';
  }
  return outcome;
}

/** What an A2A agent publishes, judged against the 1.0 proto and the 0.3 schema; its signatures; safe probes; Try it. */
export function createA2aInspector(deps: { credentials: CredentialStore; peers: PeerStore }): InspectorSide {
  const read: InspectorSide['read'] = async (context) => {
    const base = context.baseUrl;
    const conditional: Record<string, string> = context.previous?.etag ? { 'if-none-match': context.previous.etag } : {};
    const [current, legacy, older] = await Promise.all([
      context.fetch({ id: 'a2a.card-1.0', label: 'A2A card (A2A-Version: 1.0)', url: `${base}${CARD_PATH}`, headers: { 'a2a-version': '1.0', ...conditional }, withCredentials: true }),
      context.fetch({ id: 'a2a.card-0.3', label: 'A2A card (no A2A-Version: 0.3 clients)', url: `${base}${CARD_PATH}`, withCredentials: true }),
      context.fetch({ id: 'a2a.agent-json', label: 'older A2A card path', url: `${base}${LEGACY_CARD_PATH}`, withCredentials: true }),
    ]);
    const findings: Finding[] = [];
    // A conditional fetch answered 304: the card is the one already stored.
    const currentJson = current.status === 304 && isObject(context.previous?.card) ? context.previous.card : cardOf(current);
    const legacyJson = cardOf(legacy);
    const olderJson = cardOf(older);
    const primary = currentJson ? { json: currentJson, fetch: current } : legacyJson ? { json: legacyJson, fetch: legacy } : olderJson ? { json: olderJson, fetch: older } : null;
    const reading: ProtocolReading = { protocol: 'a2a', label: 'A2A', found: primary !== null, valid: false, verdict: 'no A2A card', versions: [], card: primary?.json ?? null, summary: null, signatures: [] };
    if (!primary) {
      findings.push(...httpFindings(current, 'The A2A card'));
      if (!current.error && current.status === 404) findings.push(finding('info', `http:${current.id}`, `No A2A card at ${CARD_PATH}: this is not an A2A agent, or its card lives elsewhere.`));
      return { reading, findings };
    }

    findings.push(...httpFindings(primary.fetch, 'The A2A card'));
    const shape = shapeOf(primary.json)!;
    const verdicts: string[] = [];
    let errors = 0;
    const judge = (json: Json, version: '1.0' | '0.3') => {
      const problems = version === '1.0' ? [...findingsOf(card10, json, version), ...crossChecks10(json)] : findingsOf(card03, json, version);
      const wrong = problems.filter((problem) => problem.severity === 'error').length;
      errors += wrong;
      findings.push(...problems);
      if (Array.isArray(json.skills) && json.skills.length === 0) findings.push(finding('warning', '$.skills', 'The card lists no skills: callers cannot tell what the agent does.'));
      return wrong === 0;
    };
    if (shape === '1.0') {
      reading.versions.push(...new Set(summarize(primary.json).protocolVersions));
      verdicts.push(judge(primary.json, '1.0') ? 'valid A2A 1.0 card' : 'invalid A2A 1.0 card');
      if (legacyJson && shapeOf(legacyJson) === '0.3') {
        if (judge(legacyJson, '0.3')) verdicts.push('also serves 0.3');
        else verdicts.push('its 0.3 card is invalid');
        if (!reading.versions.includes('0.3')) reading.versions.push('0.3');
      } else if (legacyJson) findings.push(finding('info', 'http:a2a.card-0.3', 'Without A2A-Version the agent serves its 1.0 card: 0.3 clients cannot read it.'));
      else if (!legacy.error && legacy.status !== null && legacy.status >= 400) findings.push(finding('info', 'http:a2a.card-0.3', `Without A2A-Version the agent answers HTTP ${legacy.status}: 0.3 clients cannot read its card.`));
    } else {
      reading.versions.push('0.3');
      verdicts.push(judge(primary.json, '0.3') ? 'valid A2A 0.3 card' : 'invalid A2A 0.3 card');
      findings.push(finding('info', '$', 'The agent serves only a 0.3 card (`url`, `protocolVersion`): A2A 1.0 clients expect `supportedInterfaces`.'));
    }
    if (primary.fetch === older) findings.push(finding('warning', `http:${older.id}`, `The card is only at the older ${LEGACY_CARD_PATH}; publish it at ${CARD_PATH}.`));
    else if (olderJson) verdicts.push(`also at ${LEGACY_CARD_PATH}`);
    findings.push(...interfaceFindings(primary.json, primary.fetch.url));

    reading.summary = summarize(primary.json);
    // Each key set is fetched once per inspection, however many signatures name it.
    const keySets = new Map<string, Promise<{ keys?: unknown } | null>>();
    const { checks, unchecked } = await verifyCardSignatures(primary.json, (jku) => {
      let origin: string;
      try {
        origin = new URL(jku).origin;
      } catch {
        return Promise.resolve(null);
      }
      if (!keySets.has(jku)) {
        if (origin !== new URL(primary.fetch.url).origin) findings.push(finding('warning', '$.signatures', `The signing key is published on another origin (${origin}): check that it belongs to this agent.`));
        keySets.set(jku, context.fetch({ id: 'a2a.jwks', label: 'the card’s signing keys (jku)', url: jku }).then((keys) => (isObject(keys.json) ? keys.json : null)));
      }
      return keySets.get(jku)!;
    });
    reading.signatures = checks;
    if (unchecked > 0) findings.push(finding('warning', '$.signatures', `The card carries ${checks.length + unchecked} signatures; the first ${checks.length} were checked, the other ${unchecked} were not.`));
    reading.signatures.forEach((check, index) => {
      if (!check.verified) findings.push(finding('error', `$.signatures[${index}]`, `The signature does not verify: ${check.detail}.`));
      else if (check.keyFrom === 'jwk') findings.push(finding('warning', `$.signatures[${index}]`, 'The signature verifies with a key embedded in its own header (jwk): that proves the card was not changed, not who signed it. Publish the key (jku) instead.'));
    });
    if (reading.signatures.length === 0 && shape === '1.0') findings.push(finding('info', '$.signatures', 'The card is not signed (A2A 1.0 §8.4): nothing proves who published it.'));
    if (reading.signatures.some((check) => check.verified && check.keyFrom === 'jku')) verdicts.push('signed');
    else if (reading.signatures.some((check) => check.verified)) verdicts.push('self-signed (embedded key)');

    const capabilities = isObject(primary.json.capabilities) ? primary.json.capabilities : {};
    if (capabilities.extendedAgentCard === true || primary.json.supportsAuthenticatedExtendedCard === true) {
      const endpoint = jsonRpcUrl(reading);
      if (endpoint) {
        const extended = await context.fetch({
          id: 'a2a.extended-card',
          label: 'extended card (authenticated)',
          method: 'POST',
          url: endpoint.url,
          headers: endpoint.version === '1.0' ? { 'a2a-version': '1.0' } : {},
          body: endpoint.version === '1.0' ? rpc('GetExtendedAgentCard', {}) : rpc('agent/getAuthenticatedExtendedCard', {}),
          withCredentials: true,
        });
        const error = rpcError(extended.json);
        if (error || extended.error) findings.push(finding('warning', 'http:a2a.extended-card', `The card offers an extended card, but asking for it failed: ${error ? `${error.message} (${error.code})` : extended.error}.`));
        else if (isObject(extended.json) && isObject(extended.json.result)) findings.push(finding('info', 'http:a2a.extended-card', `The extended card (for authenticated callers) lists ${Array.isArray(extended.json.result.skills) ? extended.json.result.skills.length : 0} skill(s).`));
      }
    }
    reading.valid = errors === 0 && !reading.signatures.some((check) => !check.verified);
    reading.verdict = verdicts.join('; ');
    return { reading, findings, etag: primary.fetch === current ? current.etag : null };
  };

  const probe: NonNullable<InspectorSide['probe']> = async (context, reading) => {
    const probes: ProbeResult[] = [];
    const findings: Finding[] = [];
    const endpoint = jsonRpcUrl(reading);
    if (!endpoint) return { probes, findings };
    const v1 = endpoint.version === '1.0';
    const call = (id: string, label: string, method: string, options: { withCredentials: boolean; headers?: Record<string, string> }) =>
      context.fetch({ id: `probe:${id}`, label, method: 'POST', url: endpoint.url, headers: { ...(v1 ? { 'a2a-version': '1.0' } : {}), ...options.headers }, body: rpc(method, { id: `inspector-probe-${uuid()}` }), withCredentials: options.withCredentials });
    /** A probe that met the endpoint's authentication without a credential to show it says nothing about the claim. */
    const locked = (fetch: FetchRecord) => (fetch.status === 401 || fetch.status === 403) && !fetch.credentialsSent;
    const describe = (fetch: FetchRecord) => fetch.error ?? (rpcError(fetch.json) ? `JSON-RPC ${rpcError(fetch.json)!.code}: ${rpcError(fetch.json)!.message.slice(0, 120)}` : `HTTP ${fetch.status}`);
    const skipped = (id: string, label: string, explanation: string, detail: string, ms = 0) => probes.push({ id, protocol: 'a2a', label, explanation, outcome: 'skipped', detail, ms });
    /** Records one probe's outcome; a failure is also a warning finding (`failure` says it in a sentence). */
    const judged = (id: string, label: string, explanation: string, fetch: FetchRecord, verdict: { pass: boolean; detail: string; failure?: string }, options: { lockedMeansSkipped: boolean } = { lockedMeansSkipped: true }) => {
      if (options.lockedMeansSkipped && locked(fetch)) return skipped(id, label, explanation, `the endpoint wants credentials (${fetch.status}) and none are configured for it (Keys › outbound credentials)`, fetch.ms);
      probes.push({ id, protocol: 'a2a', label, explanation, outcome: verdict.pass ? 'pass' : 'fail', detail: verdict.detail, ms: fetch.ms });
      if (!verdict.pass) findings.push(finding('warning', id, verdict.failure ?? verdict.detail));
    };

    const unknown = await call('a2a.unknown-task', 'Unknown task', v1 ? 'GetTask' : 'tasks/get', { withCredentials: true });
    judged('probe:a2a.unknown-task', 'Unknown task', 'Asks for a task id nobody made (GetTask): nothing is created; a conforming agent answers -32001 TaskNotFound.', unknown, {
      pass: rpcError(unknown.json)?.code === -32001,
      detail: describe(unknown),
      failure: `GetTask for an unknown id should answer -32001 (TaskNotFound); it answered ${describe(unknown)}.`,
    });

    const declares03 = (reading.summary?.protocolVersions ?? []).some((version) => version.startsWith('0.'));
    const negotiation = await context.fetch({ id: 'probe:a2a.version', label: 'A2A-Version negotiation', method: 'POST', url: endpoint.url, body: rpc('tasks/get', { id: `inspector-probe-${uuid()}` }), withCredentials: true });
    const negotiated = rpcError(negotiation.json)?.code;
    judged('probe:a2a.version', 'A2A-Version negotiation', 'Sends a 0.3 request (no A2A-Version header, tasks/get): an agent that also speaks 0.3 answers it (-32001 here); a 1.0-only agent refuses it clearly.', negotiation, {
      pass: declares03 ? negotiated === -32001 : negotiated !== undefined || (negotiation.status ?? 0) >= 400,
      detail: `without the header: ${describe(negotiation)}${declares03 ? ' (the card lists 0.3)' : ' (the card lists only 1.x)'}`,
      ...(declares03 ? { failure: `The card lists a 0.3 interface, but a 0.3 request without A2A-Version was answered ${describe(negotiation)}.` } : {}),
    });

    const authExplained = 'The card declares security: the same harmless GetTask without any credential must be refused (401 or 403).';
    if ((reading.summary?.securityRequirements ?? []).length > 0) {
      const open = await call('a2a.auth', 'Authentication required', v1 ? 'GetTask' : 'tasks/get', { withCredentials: false });
      judged('probe:a2a.auth', 'Authentication required', authExplained, open, {
        pass: open.status === 401 || open.status === 403,
        detail: describe(open),
        failure: `The card declares security, but the endpoint answered a call without credentials (${describe(open)}): anyone can call it.`,
      }, { lockedMeansSkipped: false });
    } else skipped('probe:a2a.auth', 'Authentication required', 'The card declares no security, so there is nothing to check.', 'no securityRequirements');

    if (reading.summary?.capabilities.some((capability) => capability.name === 'streaming' && capability.value === 'true')) {
      const stream = await call('a2a.streaming', 'Streaming', v1 ? 'SubscribeToTask' : 'tasks/resubscribe', { withCredentials: true, headers: { accept: 'text/event-stream' } });
      const answered = `${stream.contentType ?? 'no content type'}; ${describe(stream)}`;
      judged('probe:a2a.streaming', 'Streaming', 'The card claims streaming: subscribing to an unknown task must be understood (an event stream, or -32001), not refused as unsupported.', stream, {
        pass: String(stream.contentType).startsWith('text/event-stream') || rpcError(stream.json)?.code === -32001,
        detail: answered,
        failure: `The card claims streaming, but the endpoint does not answer with text/event-stream (${answered}).`,
      });
    } else skipped('probe:a2a.streaming', 'Streaming', 'The card does not claim streaming.', 'capabilities.streaming is not true');
    return { probes, findings };
  };

  const request = (reading: ProtocolReading, input: TryItInput) => {
    const endpoint = jsonRpcUrl(reading);
    if (!endpoint) throw new CoreError('invalid_input', 'The card lists no JSON-RPC interface with an http(s) URL to send to.');
    const streaming = reading.summary?.capabilities.some((capability) => capability.name === 'streaming' && capability.value === 'true') ?? false;
    const v1 = endpoint.version === '1.0';
    const message = v1
      ? { messageId: uuid(), role: 'ROLE_USER', parts: [{ text: input.text }], ...(input.contextId ? { contextId: input.contextId } : {}), ...(input.metadata ? { metadata: input.metadata } : {}) }
      : { kind: 'message', messageId: uuid(), role: 'user', parts: [{ kind: 'text', text: input.text }], ...(input.contextId ? { contextId: input.contextId } : {}), ...(input.metadata ? { metadata: input.metadata } : {}) };
    const method = v1 ? (streaming ? 'SendStreamingMessage' : 'SendMessage') : streaming ? 'message/stream' : 'message/send';
    return { endpoint, v1, streaming, body: { jsonrpc: '2.0', id: uuid(), method, params: { message, configuration: v1 ? { acceptedOutputModes: ['text/plain'] } : { acceptedOutputModes: ['text/plain'], blocking: true } } } };
  };

  return {
    read,
    probe,
    auth(reading) {
      const summary = reading.summary;
      if (!summary || summary.securityRequirements.length === 0) return 'No authentication declared.';
      const described = summary.securityRequirements.map((names) => names.map((name) => summary.securitySchemes.find((scheme) => scheme.name === name)?.kind ?? name).join(' and '));
      return `Needs ${described.join(', or ')}.`;
    },
    sensitive: (path) => /^\$\.(securitySchemes|securityRequirements|security|supportedInterfaces|url|additionalInterfaces|preferredTransport)\b/.test(path),
    credentialsFor(url, peer) {
      return a2aOutboundHeaders(deps, new URL(url), peer).headers.map(({ name, value, source }): Credential => ({ name, value, masked: headerValueHint(value), source }));
    },
    tryIt: {
      preview(_context, reading, input) {
        const built = request(reading, input);
        return { url: built.endpoint.url, request: built.body };
      },
      async send(context: InspectContext, reading, input, onResponse) {
        const built = request(reading, input);
        const responses: unknown[] = [];
        const answer = await context.fetch({
          id: 'tryit',
          label: 'Try it',
          method: 'POST',
          url: built.endpoint.url,
          headers: { ...(built.v1 ? { 'a2a-version': '1.0' } : {}), ...(built.streaming ? { accept: 'text/event-stream' } : {}) },
          body: JSON.stringify(built.body),
          withCredentials: true,
          timeoutMs: TRY_TIMEOUT_MS,
          onEvent: (event) => {
            responses.push(event);
            onResponse(event);
          },
        });
        if (answer.json !== null) {
          responses.push(answer.json);
          onResponse(answer.json);
        }
        const result = responses.map((response) => (isObject(response) && isObject(response.result) ? response.result : response));
        const ids = result.flatMap((value) => (isObject(value) ? [value, value.task, value.statusUpdate, value.message] : [])).find((value) => isObject(value) && typeof value.contextId === 'string') as Json | undefined;
        return {
          request: built.body,
          responses,
          replyText: replyTextOf(responses),
          outcome: answer.error && responses.length === 0 ? `failed: ${answer.error}` : answer.status !== null && answer.status >= 400 && responses.length === 0 ? `failed: HTTP ${answer.status}` : outcomeOf(responses),
          contextId: typeof ids?.contextId === 'string' ? ids.contextId : null,
          taskId: typeof ids?.taskId === 'string' ? ids.taskId : typeof ids?.id === 'string' ? ids.id : null,
        };
      },
    },
  };
}
