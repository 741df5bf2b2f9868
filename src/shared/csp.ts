/**
 * The renderer's Content-Security-Policy, the same for the desktop window (app://) and the web console: our own
 * bundle only, no remote code, no eval, no inline script, no framing.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
