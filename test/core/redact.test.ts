import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../../src/main/core/redact';

describe('redaction', () => {
  it('hides values whose keys name secrets, at any depth', () => {
    const out = redact({
      name: 'bob',
      outbound_secret: 's3cret',
      nested: { session_token: 'tok', apiKey: 'k', aes_key: 'hex', key: 'raw', idempotency_key: 'idem-1' },
      list: [{ password: 'p' }],
    });
    expect(out).toEqual({
      name: 'bob',
      outbound_secret: REDACTED,
      nested: { session_token: REDACTED, apiKey: REDACTED, aes_key: REDACTED, key: REDACTED, idempotency_key: 'idem-1' },
      list: [{ password: REDACTED }],
    });
  });

  it('masks Bearer credentials inside strings', () => {
    expect(redact('header was Bearer abc.def-123 ok')).toBe(`header was Bearer ${REDACTED} ok`);
    expect(redact({ note: 'Authorization: Basic dXNlcjpwYXNz' })).toEqual({ note: `Authorization: Basic ${REDACTED}` });
  });
});
