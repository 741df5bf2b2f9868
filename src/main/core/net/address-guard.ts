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

/** An IPv6 address as its eight 16-bit groups (a dotted IPv4 tail included), or null. */
function v6Groups(address: string): number[] | null {
  let text = address;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const parts = v4(tail[1]!);
    if (!parts) return null;
    text = `${text.slice(0, -tail[1]!.length)}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (half: string) => (half === '' ? [] : half.split(':').map((group) => Number.parseInt(group, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const groups = halves.length === 2 ? [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest] : head;
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

const embeddedV4 = (high: number, low: number): number[] => [high >> 8, high & 0xff, low >> 8, low & 0xff];

function kindOfV6(groups: number[]): AddressKind {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeroTo = (end: number) => groups.slice(0, end).every((group) => group === 0);
  // An IPv4 address carried inside IPv6 is judged as that IPv4 address: mapped (::ffff:a.b.c.d), compatible
  // (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d and 64:ff9b:1::/48) and 6to4 (2002:aabb:ccdd::). Node connects to such
  // literals without any lookup, so this is the only check they meet.
  if (zeroTo(5) && g5 === 0xffff) return kindOfV4(embeddedV4(g6, g7));
  if (zeroTo(6) && (g6 !== 0 || g7 > 1)) return kindOfV4(embeddedV4(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && (g2 === 0 || g2 === 1)) return kindOfV4(embeddedV4(g6, g7));
  if (g0 === 0x2002) return kindOfV4(embeddedV4(g1, g2));
  if (zeroTo(7) && g7 === 1) return 'loopback';
  if (zeroTo(8)) return 'refused';
  if ((g0 & 0xffc0) === 0xfe80) return 'refused'; // link-local fe80::/10
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254) return 'refused'; // AWS metadata over IPv6
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  return 'public';
}

/** The kind of an IP address (v4 or v6, brackets allowed); hostnames are looked up first by the caller. */
export function addressKind(address: string): AddressKind {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  const family = isIP(bare);
  if (family === 4) return kindOfV4(v4(bare)!);
  if (family === 6) {
    const groups = v6Groups(bare);
    return groups ? kindOfV6(groups) : 'refused';
  }
  return 'public';
}

const rank: Record<AddressKind, number> = { loopback: 0, private: 1, public: 2, refused: 3 };

/** Whether an address of `kind` may be called when calls are held to `within` (no more internal than it). */
export function isWithin(kind: AddressKind, within: AddressKind): boolean {
  return kind !== 'refused' && rank[kind] >= rank[within];
}

/** A hostname that names a metadata service, whatever it resolves to. */
export function isMetadataName(hostname: string): boolean {
  return METADATA_NAMES.has(hostname.toLowerCase().replace(/\.$/, ''));
}
