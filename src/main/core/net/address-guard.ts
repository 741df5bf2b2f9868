import { isIP } from 'node:net';

/**
 * What kind of address a host is, for calls to URLs someone else chose (a card's interface URL, a target typed into
 * the inspector). Loopback and private networks are allowed — local agents and tailnets are common — but cloud
 * metadata services and link-local addresses are refused: a card must not be able to make this node read
 * credentials off 169.254.169.254 (the SSRF class of a2a-python #975).
 */
export type AddressKind = 'loopback' | 'private' | 'public' | 'refused';

const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

function v4(address: string): number[] | null {
  const parts = address.split('.').map(Number);
  return parts.length === 4 && parts.every((part) => Number.isInteger(part) && part >= 0 && part <= 255) ? parts : null;
}

function kindOfV4([a, b, c, d]: number[]): AddressKind {
  if (a === 127) return 'loopback';
  // 0.0.0.0/8 reaches this host on some systems; 169.254/16 holds the metadata services (AWS, GCP, Azure).
  if (a === 0 || (a === 169 && b === 254)) return 'refused';
  if (a === 100 && b === 100 && c === 100 && d === 200) return 'refused'; // Alibaba Cloud metadata
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 100 && b! >= 64 && b! <= 127)) return 'private';
  return 'public';
}

/** The kind of an IP address (v4 or v6); hostnames are looked up first by the caller. */
export function addressKind(address: string): AddressKind {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const family = isIP(bare);
  if (family === 4) return kindOfV4(v4(bare)!);
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
    if (mapped) return kindOfV4(v4(mapped[1]!)!);
    if (bare === '::1') return 'loopback';
    if (bare === '::' || bare.startsWith('fe8') || bare.startsWith('fe9') || bare.startsWith('fea') || bare.startsWith('feb')) return 'refused';
    if (bare === 'fd00:ec2::254') return 'refused'; // AWS metadata over IPv6
    if (bare.startsWith('fc') || bare.startsWith('fd')) return 'private';
    return 'public';
  }
  return 'public';
}

/** A hostname that names a metadata service, whatever it resolves to. */
export function isMetadataName(hostname: string): boolean {
  return METADATA_NAMES.has(hostname.toLowerCase().replace(/\.$/, ''));
}
