/**
 * a2a-secure schema versions. Compatibility as the reference does it (seed-systems §4.4): a missing version is
 * 1.0, older than the minimum is refused, newer than the maximum is accepted with a warning, and versions
 * compare as integer tuples the way Python compares them ((2,4,1) > (2,4); (2,) < (2,4)). Unlike the reference,
 * a malformed version ("v2.4", 2.4 as a number) is a 400, not silently 1.0 (seed-systems A19).
 */
export const SCHEMA = { current: '2.4', min_supported: '1.0', max_supported: '2.4' } as const;
/** The protocol version the reference HEAD reports in its card and responses. */
export const PROTOCOL_VERSION = '2.5';

const MIN = [1, 0];
const MAX = [2, 4];

export function parseSchemaVersion(value: unknown): number[] | null {
  if (typeof value !== 'string' || !/^\d{1,6}(\.\d{1,6}){0,2}$/.test(value)) return null;
  return value.split('.').map(Number);
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return Math.sign(a.length - b.length);
}

export type SchemaCheck =
  | { ok: true; version: string; warning?: string }
  | { ok: false; error: 'schema_version_incompatible' | 'invalid_schema_version'; details: string };

export function checkSchemaVersion(raw: unknown): SchemaCheck {
  if (raw === undefined || raw === null) return { ok: true, version: '1.0', warning: 'no_schema_version_field' };
  const parsed = parseSchemaVersion(raw);
  if (!parsed) return { ok: false, error: 'invalid_schema_version', details: 'schema_version must be a string like "2.4"' };
  if (compareVersions(parsed, MIN) < 0) return { ok: false, error: 'schema_version_incompatible', details: `version_too_old:min=${SCHEMA.min_supported}` };
  if (compareVersions(parsed, MAX) > 0) return { ok: true, version: raw as string, warning: `version_newer_than_server:max=${SCHEMA.max_supported}` };
  return { ok: true, version: raw as string };
}
