import canonicalize from 'canonicalize';
import { base64url, calculateJwkThumbprint, exportJWK, flattenedVerify, FlattenedSign, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SignatureCheck } from '../../../../shared/domain/inspector';
import type { Vault } from '../../crypto/vault';
import type { SettingsStore } from '../../store/settings-store';

/**
 * Agent card signatures (A2A 1.0 §8.4): the card without `signatures`, canonicalised with RFC 8785 (JCS), signed
 * as a detached JWS whose protected header names `alg` and `kid` (`typ` "JOSE", `jku` where the key is published).
 * The JOSE work is the `jose` library's; canonicalisation is the `canonicalize` package's (by the RFC's author).
 */

export const JWKS_PATH = '/.well-known/jwks.json';
const KEY_SETTING = 'a2a.identityKey';
export const MAX_CHECKED_SIGNATURES = 8;

export interface CardSignature {
  protected: string;
  signature: string;
}

function canonicalBytes(card: Record<string, unknown>): Uint8Array {
  const { signatures: _signatures, ...rest } = card;
  return new TextEncoder().encode(canonicalize(rest) ?? '');
}

/** Removes default-valued fields (false, 0, "", [], {}) the way a proto-aware signer may have before signing. */
function withoutDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const cleaned = withoutDefaults(entry);
    const empty = cleaned === false || cleaned === 0 || cleaned === '' || (Array.isArray(cleaned) && cleaned.length === 0) || (cleaned !== null && typeof cleaned === 'object' && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0);
    if (!empty) out[key] = cleaned;
  }
  return out;
}

/** This node's identity key (Ed25519, sealed by the vault): it signs our card, and peers verify with the JWKS. */
export async function createCardSigner(deps: { settings: SettingsStore; vault: Vault; jwksUrl: () => string }) {
  let privateJwk: JWK;
  const sealed = deps.settings.get<string>(KEY_SETTING);
  if (sealed) privateJwk = JSON.parse(deps.vault.open(Buffer.from(sealed, 'base64'))) as JWK;
  else {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    privateJwk = await exportJWK(privateKey);
    deps.settings.set(KEY_SETTING, deps.vault.seal(JSON.stringify(privateJwk)).toString('base64'));
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const kid = await calculateJwkThumbprint(publicJwk);
  const key = await importJWK(privateJwk, 'EdDSA');
  return {
    kid,
    jwks: () => ({ keys: [{ ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }] }),
    async sign(card: Record<string, unknown>): Promise<CardSignature> {
      const jws = await new FlattenedSign(canonicalBytes(card)).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JOSE', jku: deps.jwksUrl() }).sign(key);
      return { protected: jws.protected!, signature: jws.signature };
    },
  };
}

export type CardSigner = Awaited<ReturnType<typeof createCardSigner>>;

/**
 * Checks each signature of a card: the key from the header's `jwk`, or by `kid` from the JWKS at `jku` (fetched
 * by the caller under the inspector's rules). The card is tried as served and without default values.
 */
export async function verifyCardSignatures(card: Record<string, unknown>, loadJwks: (jku: string) => Promise<{ keys?: unknown } | null>): Promise<{ checks: SignatureCheck[]; unchecked: number }> {
  const signatures = Array.isArray(card.signatures) ? card.signatures : [];
  const checks: SignatureCheck[] = [];
  // A card is one agent's: a handful of signatures is plenty, and each may cost a fetch.
  for (const entry of signatures.slice(0, MAX_CHECKED_SIGNATURES)) {
    const signature = (entry ?? {}) as { protected?: unknown; signature?: unknown };
    const check: SignatureCheck = { kid: null, alg: null, keySource: null, keyFrom: null, verified: false, detail: '' };
    checks.push(check);
    if (typeof signature.protected !== 'string' || typeof signature.signature !== 'string') {
      check.detail = 'the signature lacks its protected header or its value';
      continue;
    }
    let header: { alg?: unknown; kid?: unknown; jku?: unknown; jwk?: unknown };
    try {
      header = JSON.parse(new TextDecoder().decode(base64url.decode(signature.protected))) as typeof header;
    } catch {
      check.detail = 'the protected header is not base64url JSON';
      continue;
    }
    check.alg = typeof header.alg === 'string' ? header.alg : null;
    check.kid = typeof header.kid === 'string' ? header.kid : null;
    if (!check.alg || !check.kid) {
      check.detail = 'the protected header must name alg and kid (A2A 1.0 §8.4.2)';
      continue;
    }
    let jwk: JWK | null = null;
    if (header.jwk && typeof header.jwk === 'object') {
      jwk = header.jwk as JWK;
      check.keyFrom = 'jwk';
      check.keySource = 'the key embedded in the header (jwk): it proves integrity, not who signed';
    } else if (typeof header.jku === 'string') {
      check.keySource = header.jku;
      check.keyFrom = 'jku';
      const set = await loadJwks(header.jku);
      const keys = Array.isArray(set?.keys) ? (set.keys as JWK[]) : [];
      jwk = keys.find((candidate) => candidate.kid === check.kid) ?? null;
      if (!jwk) {
        check.detail = set ? `no key with kid ${check.kid} at ${header.jku}` : `the key set at ${header.jku} could not be read`;
        continue;
      }
    } else {
      check.detail = 'the header says neither where the key is (jku) nor what it is (jwk)';
      continue;
    }
    let key: Awaited<ReturnType<typeof importJWK>>;
    try {
      key = await importJWK(jwk, check.alg);
    } catch (error) {
      check.detail = `the key cannot be used for ${check.alg}: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`;
      continue;
    }
    for (const [payload, how] of [
      [canonicalBytes(card), 'over the card as served'],
      [canonicalBytes(withoutDefaults(card) as Record<string, unknown>), 'over the card without its default values'],
    ] as const) {
      try {
        await flattenedVerify({ protected: signature.protected, signature: signature.signature, payload: base64url.encode(payload) }, key);
        check.verified = true;
        check.detail = `verified ${how} (RFC 8785 canonical JSON)`;
        break;
      } catch {
        check.detail = 'the signature does not match the card: it was changed after signing, or signed with another key';
      }
    }
  }
  return { checks, unchecked: Math.max(0, signatures.length - MAX_CHECKED_SIGNATURES) };
}
