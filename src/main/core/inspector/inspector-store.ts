import canonicalize from 'canonicalize';
import type { CardVersion, CardWatch, InspectionReport, InspectionVerdict, TryItExchange } from '../../../shared/domain/inspector';
import { isoAt, type Clock } from '../clock';
import { sha256 } from '../crypto/tokens';
import type { Db } from '../store/database';

interface VersionRow {
  id: number;
  url: string;
  protocol: string;
  hash: string;
  card: string;
  etag: string | null;
  first_seen_at: string;
}

interface WatchRow {
  url: string;
  peer_id: string | null;
  peer_name: string | null;
  interval_seconds: number;
  enabled: number;
  last_checked_at: string | null;
  last_verdict: InspectionVerdict | null;
  last_version_id: number | null;
  last_error: string | null;
}

interface ExchangeRow {
  id: number;
  url: string;
  peer_id: string | null;
  request: string;
  responses: string;
  reply_text: string;
  outcome: string;
  saved: number;
  created_at: string;
}

/** Distinct cards kept per URL and protocol, and Try it exchanges kept per URL (the oldest go first). */
export const KEPT_VERSIONS = 50;
export const KEPT_EXCHANGES = 200;
/** A card larger than this is reported but not kept as a version. */
export const MAX_VERSION_BYTES = 256 * 1024;

/** A card's identity for versioning: its canonical JSON's digest (key order and spacing do not make a version). */
export function cardHash(card: unknown): string {
  return sha256(canonicalize(card) ?? 'null').toString('hex');
}

const toVersion = (row: VersionRow): CardVersion => ({ id: row.id, url: row.url, protocol: row.protocol, at: row.first_seen_at, hash: row.hash, card: JSON.parse(row.card) as unknown });
const toWatch = (row: WatchRow): CardWatch => ({
  url: row.url,
  peerId: row.peer_id,
  peerName: row.peer_name,
  intervalSeconds: row.interval_seconds,
  enabled: row.enabled === 1,
  lastCheckedAt: row.last_checked_at,
  lastVerdict: row.last_verdict,
  lastVersionId: row.last_version_id,
  lastError: row.last_error,
});
const toExchange = (row: ExchangeRow): TryItExchange => ({
  id: row.id,
  url: row.url,
  peerId: row.peer_id,
  at: row.created_at,
  request: JSON.parse(row.request) as unknown,
  responses: JSON.parse(row.responses) as unknown[],
  replyText: row.reply_text,
  outcome: row.outcome,
  savedToConversation: row.saved === 1,
});

/** The inspector's tables: card versions, watches, the latest report per URL, Try it exchanges. */
export function createInspectorStore(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const s = {
    insertVersion: db.prepare(
      `INSERT INTO inspector_versions (url, protocol, hash, card, etag, first_seen_at, seen)
       VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seen), 0) + 1 FROM inspector_versions))
       ON CONFLICT (url, protocol, hash) DO UPDATE SET etag = COALESCE(excluded.etag, etag), seen = excluded.seen`,
    ),
    // The oldest-seen versions beyond the newest KEPT_VERSIONS of a card go (a card that changes on every fetch must not fill the disk).
    pruneVersions: db.prepare(
      `DELETE FROM inspector_versions WHERE url = ? AND protocol = ? AND id NOT IN (
         SELECT id FROM inspector_versions WHERE url = ? AND protocol = ? ORDER BY seen DESC LIMIT ${KEPT_VERSIONS})`,
    ),
    versionByHash: db.prepare('SELECT * FROM inspector_versions WHERE url = ? AND protocol = ? AND hash = ?'),
    version: db.prepare('SELECT * FROM inspector_versions WHERE id = ?'),
    lastVersion: db.prepare('SELECT * FROM inspector_versions WHERE url = ? AND protocol = ? ORDER BY seen DESC LIMIT 1'),
    versions: db.prepare('SELECT * FROM inspector_versions WHERE url = ? ORDER BY id DESC LIMIT 200'),
    upsertWatch: db.prepare(
      `INSERT INTO inspector_watches (url, peer_id, interval_seconds, enabled, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET peer_id = COALESCE(excluded.peer_id, peer_id), interval_seconds = excluded.interval_seconds, enabled = excluded.enabled`,
    ),
    watch: db.prepare('SELECT w.*, p.name AS peer_name FROM inspector_watches w LEFT JOIN peers p ON p.id = w.peer_id WHERE w.url = ?'),
    watches: db.prepare('SELECT w.*, p.name AS peer_name FROM inspector_watches w LEFT JOIN peers p ON p.id = w.peer_id ORDER BY w.url'),
    checked: db.prepare('UPDATE inspector_watches SET last_checked_at = ?, last_verdict = ?, last_version_id = COALESCE(?, last_version_id), last_error = ? WHERE url = ?'),
    saveReport: db.prepare('INSERT INTO inspector_reports (url, report, checked_at) VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE SET report = excluded.report, checked_at = excluded.checked_at'),
    report: db.prepare('SELECT report FROM inspector_reports WHERE url = ?'),
    insertExchange: db.prepare('INSERT INTO inspector_exchanges (url, peer_id, request, responses, reply_text, outcome, saved, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    exchange: db.prepare('SELECT * FROM inspector_exchanges WHERE id = ?'),
    exchanges: db.prepare('SELECT * FROM inspector_exchanges WHERE (? IS NULL OR url = ?) ORDER BY id DESC LIMIT ?'),
    pruneExchanges: db.prepare(`DELETE FROM inspector_exchanges WHERE url = ? AND id NOT IN (SELECT id FROM inspector_exchanges WHERE url = ? ORDER BY id DESC LIMIT ${KEPT_EXCHANGES})`),
  };

  return {
    /**
     * Keeps a card as a version of this URL (once per distinct card, marked as the last seen); returns its
     * version, or null for a card too large to keep.
     */
    keepVersion(url: string, protocol: string, card: unknown, etag: string | null): CardVersion | null {
      const json = JSON.stringify(card);
      if (json.length > MAX_VERSION_BYTES) return null;
      const hash = cardHash(card);
      s.insertVersion.run(url, protocol, hash, json, etag, isoAt(clock));
      s.pruneVersions.run(url, protocol, url, protocol);
      return toVersion(s.versionByHash.get(url, protocol, hash) as VersionRow);
    },
    lastVersion(url: string, protocol: string): (CardVersion & { etag: string | null }) | null {
      const row = s.lastVersion.get(url, protocol) as VersionRow | undefined;
      return row ? { ...toVersion(row), etag: row.etag } : null;
    },
    version: (id: number) => {
      const row = s.version.get(id) as VersionRow | undefined;
      return row ? toVersion(row) : null;
    },
    versions: (url: string) => (s.versions.all(url) as VersionRow[]).map(toVersion),

    setWatch(url: string, peerId: string | null, intervalSeconds: number, enabled: boolean): CardWatch {
      s.upsertWatch.run(url, peerId, intervalSeconds, enabled ? 1 : 0, isoAt(clock));
      return this.watch(url)!;
    },
    watch(url: string): CardWatch | null {
      const row = s.watch.get(url) as WatchRow | undefined;
      return row ? toWatch(row) : null;
    },
    watches: () => (s.watches.all() as WatchRow[]).map(toWatch),
    watchChecked(url: string, outcome: { verdict: InspectionVerdict | null; versionId: number | null; error: string | null }) {
      s.checked.run(isoAt(clock), outcome.verdict, outcome.versionId, outcome.error, url);
    },

    saveReport(report: InspectionReport): void {
      s.saveReport.run(report.target.url, JSON.stringify(report), report.at);
    },
    report(url: string): InspectionReport | null {
      const row = s.report.get(url) as { report: string } | undefined;
      return row ? (JSON.parse(row.report) as InspectionReport) : null;
    },

    saveExchange(input: Omit<TryItExchange, 'id' | 'at'>): TryItExchange {
      const { lastInsertRowid } = s.insertExchange.run(input.url, input.peerId, JSON.stringify(input.request), JSON.stringify(input.responses), input.replyText, input.outcome, input.savedToConversation ? 1 : 0, isoAt(clock));
      s.pruneExchanges.run(input.url, input.url);
      return toExchange(s.exchange.get(Number(lastInsertRowid)) as ExchangeRow);
    },
    exchanges: (url: string | null, limit: number) => (s.exchanges.all(url, url, limit) as ExchangeRow[]).map(toExchange),
  };
}

export type InspectorStore = ReturnType<typeof createInspectorStore>;
