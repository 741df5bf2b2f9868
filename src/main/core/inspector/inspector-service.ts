import { setMaxListeners } from 'node:events';
import type { MethodHandlers } from '../../../shared/contract';
import type { CardChange, CardWatch, Compatibility, FetchRecord, Finding, InspectionReport, InspectionTarget, InspectionVerdict, ProbeResult, ProtocolReading, TryItExchange } from '../../../shared/domain/inspector';
import type { MessageSummary } from '../../../shared/domain/message';
import type { Peer } from '../../../shared/domain/peer';
import { isoAt, type Clock } from '../clock';
import { traceId as newTraceId } from '../crypto/ids';
import { CoreError } from '../errors';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import type { AddressKind } from '../net/address-guard';
import { guardedFetch, reachOf, type Credential } from '../net/guarded-fetch';
import type { InspectContext, InspectorSide, Protocol } from '../protocols/protocol';
import type { ProtocolRegistry } from '../protocols/registry';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/database';
import type { MessageStore } from '../store/message-store';
import type { PeerStore } from '../store/peer-store';
import type { UnitOfWork } from '../store/unit-of-work';
import { diffCards } from './card-diff';
import { createInspectorStore } from './inspector-store';

type InspectorMethods = 'inspector.inspect' | 'inspector.latest' | 'inspector.watch' | 'inspector.watches' | 'inspector.versions' | 'inspector.diff' | 'inspector.preview' | 'inspector.send' | 'inspector.exchanges';
type Target = { url: string } | { peer: string } | { self: true };

/** A JSON body this large is left out of the stored report (the live report still has it). */
const MAX_STORED_JSON = 256 * 1024;
const severityOrder = { error: 0, warning: 1, info: 2 } as const;
/** A change notice carries at most this many changes (the diff in History has them all). */
const MAX_TOLD_CHANGES = 100;

/** A URL as the inspector keys it: the agent's base URL, even when the card's own URL was pasted. */
export function inspectorUrl(raw: string): string {
  const url = new URL(raw);
  url.hash = '';
  url.search = '';
  url.pathname = url.pathname.replace(/\/\.well-known\/(agent-card|agent)\.json$/, '').replace(/\/+$/, '');
  return url.href.replace(/\/+$/, '');
}

/** A peer name from a card's name (peer names allow fewer characters), else from the host. */
function peerNameFrom(name: string | null, url: string): string {
  const cleaned = (name ?? '').replace(/[^\p{L}\p{N} ._@-]+/gu, ' ').replace(/^[^\p{L}\p{N}]+/u, '').trim().slice(0, 64);
  return cleaned || new URL(url).hostname.slice(0, 64);
}

/**
 * The capability-card inspector: it asks every protocol of the registry what it finds at a URL (so a new protocol
 * brings its own card, checks and probes), keeps each distinct card as a version, watches URLs on an interval with
 * conditional requests, tells the UI, the desktop and — for a known peer — the timeline when a card changes, and
 * runs "Try it" for protocols that offer it. Credentials are shown masked and sent only to the URLs they belong to.
 */
export function createInspector(deps: {
  db: Db;
  uow: UnitOfWork;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  peers: PeerStore;
  messages: MessageStore;
  protocols: ProtocolRegistry;
  selfUrl: () => string;
  onMessage: (message: MessageSummary) => void;
  timeoutMs: number;
  /** Inspect each peer when it is added or its URL changes (the peer page shows its card). */
  inspectNewPeers: boolean;
  /** The shortest watch interval accepted. */
  minWatchSeconds: number;
}) {
  const store = createInspectorStore({ db: deps.db, clock: deps.clock });
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  /** Peers whose background inspection is under way (peers.changed may fire several times while it runs). */
  const inspectingPeers = new Set<string>();
  // Stopping aborts every request under way, so closing the node never waits for a slow agent.
  const stopping = new AbortController();
  // Every request under way listens on it (and stops listening when it ends); watches make more than ten normal.
  setMaxListeners(0, stopping.signal);
  let stopped = false;

  const inspectors = () => deps.protocols.all().flatMap((protocol) => (protocol.inspector ? [{ protocol, inspector: protocol.inspector }] : []));

  /** What Switchboard would send to a URL, by each protocol's own rules (the same ones its client uses). */
  const credentialsFor = (url: string, peer: Peer | null): Credential[] => {
    try {
      new URL(url);
    } catch {
      return [];
    }
    const seen = new Set<string>();
    return inspectors()
      .flatMap(({ inspector }) => inspector.credentialsFor?.(url, peer) ?? [])
      .filter((credential) => !seen.has(credential.name.toLowerCase()) && seen.add(credential.name.toLowerCase()));
  };
  const originOf = (url: string): string | null => {
    try {
      return new URL(url).origin;
    } catch {
      return null;
    }
  };

  const resolveTarget = (target: Target): { target: InspectionTarget; peer: Peer | null } => {
    if ('self' in target) return { target: { url: inspectorUrl(deps.selfUrl()), peerId: null, peerName: null, self: true }, peer: null };
    if ('peer' in target) {
      const peer = deps.peers.resolve(target.peer);
      if (!peer.baseUrl) throw new CoreError('invalid_input', `${peer.name} has no base URL to inspect (it only calls this node).`);
      return { target: { url: inspectorUrl(peer.baseUrl), peerId: peer.id, peerName: peer.name, self: false }, peer };
    }
    const url = inspectorUrl(target.url);
    const peer = deps.peers.list().find((candidate) => candidate.baseUrl && inspectorUrl(candidate.baseUrl) === url) ?? null;
    return { target: { url, peerId: peer?.id ?? null, peerName: peer?.name ?? null, self: url === inspectorUrl(deps.selfUrl()) }, peer };
  };

  /**
   * The fetch rules for one target. URLs on the target's own origin are the operator's choice: anything but
   * metadata addresses, with the credentials that belong there. URLs on another origin came from a card (a key set,
   * an interface): they may reach no further in than the target's host (a public card cannot point this node at
   * 127.0.0.1 or 10.x, nor rebind its name there), and they get credentials only on the operator's own action (Try it).
   */
  const contextFor = (protocol: Protocol, url: string, peer: Peer | null, fetches: FetchRecord[], options: { probing: boolean; reach: AddressKind; operatorAction: boolean }): InspectContext => {
    const previous = store.lastVersion(url, protocol.info.id);
    const targetOrigin = originOf(url);
    return {
      baseUrl: url,
      probing: options.probing,
      previous: previous ? { etag: previous.etag, card: previous.card } : null,
      credentialsFor: (target) => credentialsFor(target, peer).map(({ name, masked, source }) => ({ name, masked, source })),
      async fetch({ withCredentials, ...request }) {
        const own = originOf(request.url) === targetOrigin;
        const record = await guardedFetch({
          timeoutMs: deps.timeoutMs,
          ...request,
          signal: stopping.signal,
          within: own ? 'loopback' : options.reach,
          credentials: { for: (target) => credentialsFor(target, peer), send: Boolean(withCredentials) && (own || options.operatorAction) },
        });
        fetches.push(record);
        return record;
      },
    };
  };

  const compatibility = (readings: ProtocolReading[], url: string, peer: Peer | null): Compatibility => {
    const chosen = readings.find((reading) => reading.found && reading.valid) ?? readings.find((reading) => reading.found) ?? null;
    const side = chosen ? deps.protocols.get(chosen.protocol)?.inspector : undefined;
    const notes: string[] = [];
    if (!chosen) notes.push('No protocol this node speaks was found here.');
    const interfaceUrl = chosen?.summary?.interfaces[0]?.url;
    if (interfaceUrl) notes.push(`Messages would go to ${interfaceUrl}.`);
    if (peer) notes.push(`Already in the address book as ${peer.name}.`);
    return { protocol: chosen?.protocol ?? null, auth: chosen && side?.auth ? side.auth(chosen) : 'Unknown.', credentials: credentialsFor(url, peer).map(({ name, masked, source }) => ({ name, masked, source })), notes };
  };

  const storable = (report: InspectionReport): InspectionReport => ({
    ...report,
    fetches: report.fetches.map((fetch) => (fetch.json !== null && JSON.stringify(fetch.json).length > MAX_STORED_JSON ? { ...fetch, json: null, text: '(left out of the stored report: larger than 256 KiB)' } : fetch)),
  });

  /** One protocol's part, never throwing: a side that fails is a finding, not a lost report. */
  const readSide = async (protocol: Protocol, inspector: InspectorSide, context: InspectContext, probe: boolean) => {
    try {
      const read = await inspector.read(context);
      const probed = probe && read.reading.found && inspector.probe ? await inspector.probe(context, read.reading) : { probes: [] as ProbeResult[], findings: [] as Finding[] };
      return { protocol, inspector, ...read, probes: probed.probes, probeFindings: probed.findings };
    } catch (error) {
      deps.logger.warn('a protocol inspector failed', { protocol: protocol.info.id, error: error instanceof Error ? error.message : String(error) });
      const reading: ProtocolReading = { protocol: protocol.info.id, label: protocol.info.label, found: false, valid: false, verdict: `could not be read`, versions: [], card: null, summary: null, signatures: [] };
      const message = `Reading the ${protocol.info.label} card failed: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}.`;
      return { protocol, inspector, reading, findings: [{ severity: 'error' as const, path: 'http', message, protocol: protocol.info.id }], etag: null, probes: [] as ProbeResult[], probeFindings: [] as Finding[] };
    }
  };

  async function inspectTracked(targetInput: Target, options: { probe: boolean }): Promise<{ report: InspectionReport; versions: Map<string, number> }> {
    const { target, peer } = resolveTarget(targetInput);
    const fetches: FetchRecord[] = [];
    const reach = await reachOf(target.url);
    const parts = await Promise.all(inspectors().map(({ protocol, inspector }) => readSide(protocol, inspector, contextFor(protocol, target.url, peer, fetches, { probing: options.probe, reach, operatorAction: false }), options.probe)));
    const found = parts.filter((part) => part.reading.found);
    const reachable = fetches.some((fetch) => fetch.status !== null);
    const findings: Finding[] = found.length > 0 ? found.flatMap((part) => [...part.findings, ...part.probeFindings]) : parts.flatMap((part) => part.findings);
    let verdict: InspectionVerdict;
    let verdictLine: string;
    if (!reachable) {
      verdict = 'unreachable';
      const reason = fetches.find((fetch) => fetch.error)?.error ?? 'no answer';
      verdictLine = `unreachable: ${reason}`;
      findings.unshift({ severity: 'error', path: 'http', message: `${target.url} cannot be reached: ${reason}. Check the URL, and that the agent is running.`, protocol: null });
    } else if (found.length === 0) {
      verdict = 'invalid';
      verdictLine = 'no card of a protocol this node speaks';
      findings.unshift({ severity: 'error', path: 'http', message: `${target.url} answers, but publishes nothing this node recognises (${deps.protocols.list().map((info) => info.label).join(', ')}).`, protocol: null });
    } else {
      verdict = found.some((part) => part.findings.some((entry) => entry.severity === 'error') || !part.reading.valid) ? 'invalid' : 'valid';
      verdictLine = found.map((part) => part.reading.verdict).join(' · ');
    }
    findings.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);

    const primary = found.find((part) => part.reading.valid) ?? found[0];
    // Each protocol's card is a version of its own (a URL may serve several); the report points at the primary one.
    const versions = new Map<string, number>();
    if (!stopped) {
      for (const part of found) {
        if (part.reading.card === null) continue;
        const version = deps.uow.run('inspector.version', () => store.keepVersion(target.url, part.protocol.info.id, part.reading.card, part.etag ?? null));
        if (version) versions.set(part.protocol.info.id, version.id);
        else findings.push({ severity: 'info', path: '$', message: `The ${part.protocol.info.label} card is larger than 256 KiB: it is shown, but not kept as a version.`, protocol: part.protocol.info.id });
      }
    }
    const versionId = primary ? (versions.get(primary.protocol.info.id) ?? null) : null;
    const report: InspectionReport = {
      target,
      at: isoAt(deps.clock),
      verdict,
      verdictLine,
      protocol: primary?.protocol.info.id ?? null,
      readings: parts.map((part) => part.reading),
      findings,
      fetches,
      probes: parts.flatMap((part) => part.probes),
      compatibility: compatibility(parts.map((part) => part.reading), target.url, peer),
      suggestedPeer: primary && !peer && !target.self ? { name: peerNameFrom(primary.reading.summary?.name ?? null, target.url), baseUrl: target.url, protocol: primary.protocol.info.id } : null,
      versionId,
    };
    if (!stopped) {
      deps.uow.run('inspector.report', () => {
        store.saveReport(storable(report));
        deps.events.emit('inspector.checked', { url: target.url, peerId: target.peerId });
      });
    }
    return { report, versions };
  }

  const inspect = async (target: Target, options: { probe: boolean }): Promise<InspectionReport> => (await inspectTracked(target, options)).report;

  /** A watched card that changed: the event, and for a known peer an entry in its timeline. */
  const noticeChange = (watch: CardWatch, previousId: number, currentId: number, protocol: Protocol) => {
    const before = store.version(previousId);
    const after = store.version(currentId);
    if (!before || !after || before.protocol !== after.protocol || before.url !== after.url) return;
    const sensitive = protocol.inspector?.sensitive ?? (() => false);
    const changes: CardChange[] = diffCards(before.card, after.card, sensitive).filter((change) => !change.path.startsWith('$.signatures'));
    if (changes.length === 0) return;
    const warnings = changes.filter((change) => change.warning).length;
    deps.uow.run('inspector.card_changed', () => {
      deps.audit.audit('inspector.card_changed', { url: watch.url, peer: watch.peerName, changes: changes.length, warnings });
      const peer = watch.peerId ? deps.peers.get(watch.peerId) : null;
      if (peer) {
        const row = deps.messages.insert({
          peerId: peer.id,
          peerName: peer.name,
          direction: 'in',
          protocol: peer.protocol,
          traceId: `card-${after.hash.slice(0, 16)}`,
          idempotencyKey: null,
          schemaVersion: null,
          content: `${peer.name}'s ${protocol.info.label} card changed: ${changes.length} change${changes.length === 1 ? '' : 's'}${warnings ? `, ${warnings} to look at (${changes.filter((change) => change.warning).map((change) => change.path).slice(0, 3).join(', ')})` : ''}. See Inspector › History.`,
          encrypted: false,
          wake: false,
          status: 'received',
          raw: { inspector: { url: watch.url, from: previousId, to: currentId, changes: changes.slice(0, MAX_TOLD_CHANGES), more: Math.max(0, changes.length - MAX_TOLD_CHANGES) } },
          detail: 'noticed by the inspector watching this peer’s card',
        });
        deps.onMessage(row);
      }
      deps.events.emit('inspector.cardChanged', { url: watch.url, peerId: watch.peerId, peerName: watch.peerName, versionId: currentId, previousVersionId: previousId, changes: changes.slice(0, MAX_TOLD_CHANGES) });
    });
  };

  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };

  const check = async (url: string) => {
    const watch = store.watch(url);
    if (!watch || !watch.enabled || stopped) return;
    // What each protocol last showed here, to compare with what this check finds (protocol by protocol).
    const before = new Map(inspectors().map(({ protocol }) => [protocol.info.id, store.lastVersion(url, protocol.info.id)?.id ?? null]));
    try {
      const { report, versions } = await inspectTracked({ url }, { probe: false });
      if (stopped) return;
      deps.uow.run('inspector.watch_checked', () => store.watchChecked(url, { verdict: report.verdict, versionId: report.versionId, error: report.verdict === 'unreachable' ? report.verdictLine : null }));
      for (const [protocolId, versionId] of versions) {
        const previous = before.get(protocolId) ?? null;
        const protocol = deps.protocols.get(protocolId);
        if (previous !== null && previous !== versionId && protocol) noticeChange(watch, previous, versionId, protocol);
      }
    } catch (error) {
      if (stopped) return;
      deps.logger.warn('a card watch failed', { url, error: error instanceof Error ? error.message : String(error) });
      store.watchChecked(url, { verdict: null, versionId: null, error: error instanceof Error ? error.message.slice(0, 300) : String(error) });
    }
  };

  /** Background work never rejects unhandled: a failure (a closed database while stopping) is logged. */
  const background = (work: () => Promise<unknown>, what: string): Promise<void> =>
    track(work()).then(
      () => undefined,
      (error: unknown) => {
        if (!stopped) deps.logger.warn(`${what} failed`, { error: error instanceof Error ? error.message : String(error) });
      },
    );

  const checkThenSchedule = (url: string) =>
    background(async () => {
      await check(url);
      const next = stopped ? null : store.watch(url);
      if (next) schedule(next);
    }, 'a card watch');

  const schedule = (watch: CardWatch): void => {
    clearTimeout(timers.get(watch.url));
    timers.delete(watch.url);
    if (!watch.enabled || stopped) return;
    const last = watch.lastCheckedAt ? Date.parse(watch.lastCheckedAt) : 0;
    const wait = Math.max(0, last + watch.intervalSeconds * 1000 - deps.clock.now());
    const timer = setTimeout(() => {
      void checkThenSchedule(watch.url);
    }, Math.min(wait, 2 ** 31 - 1));
    timer.unref();
    timers.set(watch.url, timer);
  };

  /** Looks at a peer in the background when it arrives or moves; the peer page shows the result. */
  const inspectPeerLater = (peerId: string) => {
    if (stopped || !deps.inspectNewPeers) return;
    const peer = deps.peers.get(peerId);
    if (!peer?.baseUrl) return;
    if (inspectingPeers.has(peer.id) || store.report(inspectorUrl(peer.baseUrl))) return;
    inspectingPeers.add(peer.id);
    void background(() => inspect({ peer: peer.id }, { probe: false }), 'inspecting a new peer').finally(() => inspectingPeers.delete(peer.id));
  };

  const tryItSide = async (target: { url: string } | { peer: string }): Promise<{ side: InspectorSide; protocol: Protocol; reading: ProtocolReading; context: InspectContext; target: InspectionTarget; peer: Peer | null }> => {
    const { target: resolved, peer } = resolveTarget(target);
    for (const { protocol, inspector } of inspectors()) {
      if (!inspector.tryIt) continue;
      const context = contextFor(protocol, resolved.url, peer, [], { probing: false, reach: await reachOf(resolved.url), operatorAction: true });
      const { reading } = await inspector.read(context);
      if (reading.found) return { side: inspector, protocol, reading, context, target: resolved, peer };
    }
    throw new CoreError('invalid_input', `Nothing at ${resolved.url} can be tried from here: Try it needs an agent card of a protocol that offers it (A2A).`);
  };

  const handlers: Pick<MethodHandlers, InspectorMethods> = {
    'inspector.inspect': ({ target, probe }) => track(inspect(target, { probe })),
    'inspector.latest': ({ peer }) => {
      const found = deps.peers.resolve(peer);
      return { report: found.baseUrl ? store.report(inspectorUrl(found.baseUrl)) : null };
    },
    'inspector.watch': ({ target, enabled, intervalSeconds }) => {
      if (enabled && intervalSeconds < deps.minWatchSeconds) throw new CoreError('invalid_input', `A watch looks at most once every ${deps.minWatchSeconds} s (it asks someone else's server each time).`);
      const { target: resolved } = resolveTarget(target);
      const watch = deps.uow.run('inspector.watch', () => {
        const saved = store.setWatch(resolved.url, resolved.peerId, intervalSeconds, enabled);
        deps.audit.audit(enabled ? 'inspector.watch_on' : 'inspector.watch_off', { url: resolved.url, intervalSeconds });
        deps.events.emit('inspector.checked', { url: resolved.url, peerId: resolved.peerId });
        return saved;
      });
      // A new watch looks at once, so the next change has a version to be compared with.
      if (enabled && watch.lastCheckedAt === null) void checkThenSchedule(watch.url);
      else schedule(watch);
      return watch;
    },
    'inspector.watches': () => ({ watches: store.watches() }),
    'inspector.versions': ({ url }) => ({ versions: store.versions(inspectorUrl(url)) }),
    'inspector.diff': ({ from, to }) => {
      const before = store.version(from);
      const after = store.version(to);
      if (!before || !after) throw new CoreError('not_found', 'There is no such card version.');
      if (before.url !== after.url || before.protocol !== after.protocol) throw new CoreError('invalid_input', 'Those versions are of different cards (another URL or protocol).');
      const sensitive = deps.protocols.get(after.protocol)?.inspector?.sensitive ?? (() => false);
      return { changes: diffCards(before.card, after.card, sensitive) };
    },
    'inspector.preview': async ({ target, ...input }) => {
      const { side, reading, context } = await track(tryItSide(target));
      const preview = side.tryIt!.preview(context, reading, input);
      return { ...preview, credentials: context.credentialsFor(preview.url) };
    },
    'inspector.send': async ({ target, save, clientId, ...input }) => {
      const { side, reading, context, target: resolved, peer } = await track(tryItSide(target));
      const outcome = await track(side.tryIt!.send(context, reading, input, (response) => {
        if (clientId && !stopped) deps.events.emit('inspector.exchange', { clientId, response });
      }));
      if (stopped) throw new CoreError('unavailable', 'The node is stopping; the test message was sent but its exchange is not kept.');
      return deps.uow.run('inspector.try_it', (): TryItExchange => {
        const toConversation = save === 'conversation' && peer !== null;
        if (toConversation) {
          // Into the peer's conversation, as if sent and answered there.
          const common = { peerId: peer.id, peerName: peer.name, protocol: peer.protocol, idempotencyKey: null, schemaVersion: null, encrypted: false, wake: false, contextId: outcome.contextId, taskId: outcome.taskId, detail: 'sent from the inspector (Try it)' };
          const trace = newTraceId(deps.clock);
          deps.onMessage(deps.messages.insert({ ...common, direction: 'out', traceId: trace, content: input.text, status: 'delivered', raw: outcome.request }));
          if (outcome.replyText) deps.onMessage(deps.messages.insert({ ...common, direction: 'in', traceId: `${trace}:reply`, content: outcome.replyText, status: 'received', raw: outcome.responses.at(-1) ?? null }));
        }
        deps.audit.audit('inspector.try_it', { url: resolved.url, peer: resolved.peerName, outcome: outcome.outcome, saved: toConversation });
        return store.saveExchange({ url: resolved.url, peerId: resolved.peerId, request: outcome.request, responses: outcome.responses, replyText: outcome.replyText, outcome: outcome.outcome, savedToConversation: toConversation });
      });
    },
    'inspector.exchanges': ({ url, limit }) => ({ exchanges: store.exchanges(url ? inspectorUrl(url) : null, limit) }),
  };

  return {
    handlers,
    inspect,
    start() {
      for (const watch of store.watches()) schedule(watch);
      deps.events.on('peers.changed', ({ peerId }) => {
        if (peerId) inspectPeerLater(peerId);
      });
    },
    /** Stops the watches and waits for inspections under way (their results are dropped). */
    async stop() {
      stopped = true;
      stopping.abort();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}

export type Inspector = ReturnType<typeof createInspector>;
