import { PROTOCOL_VERSION, SCHEMA } from './schema-version';

/** What this node really supports, advertised on `GET /` (the seed's capability card). */
export const SECURE_FEATURES = ['aes-gcm', 'store-and-fetch', 'idempotency', 'schema-versioning', 'instant-wake', 'trace-id', 'stats'] as const;

export function capabilityCard(name: string, skills: readonly string[]) {
  return {
    name,
    version: PROTOCOL_VERSION,
    skills: [...skills],
    features: [...SECURE_FEATURES],
    schema: { ...SCHEMA },
  };
}
