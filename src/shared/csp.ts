/**
 * The renderer's Content-Security-Policy, the same for Electron (response header and meta tag) and the
 * browser host: only our own scripts and styles, calls only to our own origin, nothing embedded.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
