import type { AuditLog } from '../store/audit-log';

const INTERVAL_MS = 10_000;
const MAX_TRACKED = 1000;

/**
 * Records refused credentials in the audit log, at most once per client address per interval: an attacker
 * hammering with bad secrets must not flood the log. Every public protocol shares this one throttle.
 */
export function createAuthFailureAudit(deps: { audit: AuditLog; now: () => number; protocol: string }) {
  const lastAudited = new Map<string, number>();
  return (address: string, details: Record<string, unknown> = {}): void => {
    const now = deps.now();
    if ((lastAudited.get(address) ?? 0) > now - INTERVAL_MS) return;
    if (lastAudited.size > MAX_TRACKED) lastAudited.clear();
    lastAudited.set(address, now);
    deps.audit.audit('auth.failed', { protocol: deps.protocol, address, ...details });
  };
}
