import type { OutboundCredential } from '../../../../shared/domain/a2a';
import { CoreError } from '../../errors';
import { isoAt, type Clock } from '../../clock';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../store/database';
import { headerValueHint } from '../../store/peer-store';

export interface ParsedPrefix {
  origin: string;
  path: string;
}

/** A credential prefix: an http(s) origin plus a path prefix, normalised ("https://x.example/v2"). */
export function parsePrefix(prefix: string): ParsedPrefix {
  let url: URL;
  try {
    url = new URL(prefix);
  } catch {
    throw new CoreError('invalid_input', `"${prefix.slice(0, 100)}" is not a URL.`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw new CoreError('invalid_input', 'A credential prefix is an http(s) origin and path, without credentials, query or fragment.');
  }
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
}

/**
 * Whether a request URL falls under a prefix: the same origin, and a path equal to the prefix or below it at a
 * segment boundary ("/v2" covers "/v2" and "/v2/a2a", not "/v20"). Matching is on the URL actually requested, so a
 * card that points elsewhere never receives these headers (seed-systems O1).
 */
export function underPrefix(url: URL, prefix: ParsedPrefix): boolean {
  if (url.origin !== prefix.origin) return false;
  if (prefix.path === '') return true;
  return url.pathname === prefix.path || url.pathname.startsWith(`${prefix.path}/`);
}

/** `${NAME}` in a header value is replaced from the environment when the request is made, never stored resolved. */
export function substituteEnv(value: string, env: NodeJS.ProcessEnv): { value: string; missing: string[] } {
  const missing: string[] = [];
  const out = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
    const found = env[name];
    if (found === undefined) missing.push(name);
    return found ?? '';
  });
  return { value: out, missing };
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** Outbound credentials per URL prefix (seed 001 `remoteAgents`), values sealed by the vault. */
export function createCredentialStore(deps: { db: Db; vault: Vault; clock: Clock }) {
  const { db, vault, clock } = deps;
  const s = {
    insert: db.prepare('INSERT INTO a2a_credentials (prefix, header_names, sealed_headers, created_at) VALUES (?, ?, ?, ?)'),
    all: db.prepare('SELECT id, prefix, sealed_headers, created_at FROM a2a_credentials ORDER BY prefix'),
    remove: db.prepare('DELETE FROM a2a_credentials WHERE id = ?'),
  };
  let cache: { prefix: ParsedPrefix; headers: Record<string, string> }[] | null = null;
  const entries = () => {
    cache ??= (s.all.all() as { prefix: string; sealed_headers: Buffer }[]).map((row) => ({
      prefix: parsePrefix(row.prefix),
      headers: JSON.parse(vault.open(row.sealed_headers)) as Record<string, string>,
    }));
    return cache;
  };

  return {
    add(prefix: string, headers: Record<string, string>): OutboundCredential {
      const parsed = parsePrefix(prefix);
      const names = Object.keys(headers);
      if (names.length === 0) throw new CoreError('invalid_input', 'Give at least one header.');
      for (const name of names) {
        if (!HEADER_NAME.test(name)) throw new CoreError('invalid_input', `"${name.slice(0, 60)}" is not a valid header name.`);
        if (/[\r\n\0]/.test(headers[name]!)) throw new CoreError('invalid_input', `The value of ${name} contains a line break.`);
      }
      const normalised = `${parsed.origin}${parsed.path}`;
      try {
        s.insert.run(normalised, JSON.stringify(names), vault.seal(JSON.stringify(headers)), isoAt(clock));
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new CoreError('conflict', `Credentials for ${normalised} already exist; remove them first.`);
        throw error;
      }
      cache = null;
      return this.list().find((c) => c.prefix === normalised)!;
    },
    list(): OutboundCredential[] {
      return (s.all.all() as { id: number; prefix: string; sealed_headers: Buffer; created_at: string }[]).map((row) => {
        const headers = JSON.parse(vault.open(row.sealed_headers)) as Record<string, string>;
        return {
          id: row.id,
          prefix: row.prefix,
          // ${VAR} references are not secrets and help the operator; literal values are masked.
          headers: Object.entries(headers).map(([name, value]) => ({ name, masked: /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value) ? value : headerValueHint(value) })),
          createdAt: row.created_at,
        };
      });
    },
    remove(id: number): void {
      if (s.remove.run(id).changes === 0) throw new CoreError('not_found', 'There are no such credentials.');
      cache = null;
    },
    /** The headers of the longest prefix covering `url` (literal values and ${VAR} substituted). */
    headersFor(url: URL, env: NodeJS.ProcessEnv = process.env): { headers: Record<string, string>; missing: string[]; prefix: string | null } {
      const match = entries()
        .filter((entry) => underPrefix(url, entry.prefix))
        .sort((a, b) => b.prefix.path.length - a.prefix.path.length)[0];
      if (!match) return { headers: {}, missing: [], prefix: null };
      const missing: string[] = [];
      const headers: Record<string, string> = {};
      for (const [name, raw] of Object.entries(match.headers)) {
        const resolved = substituteEnv(raw, env);
        missing.push(...resolved.missing);
        if (resolved.missing.length === 0) headers[name] = resolved.value;
      }
      return { headers, missing, prefix: `${match.prefix.origin}${match.prefix.path}` };
    },
  };
}

export type CredentialStore = ReturnType<typeof createCredentialStore>;
