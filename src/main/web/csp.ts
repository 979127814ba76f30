/**
 * The app page's Content-Security-Policy, in one place: sent as a header by the web monitor and the
 * desktop window's session, and written into the built index.html as a meta tag (for file://).
 */

/** Directives: the page's own scripts and styles, nothing remote, no eval, no inline code. */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  // 'self' covers ws:// and wss:// on the page's own host and port (CSP level 3).
  ['connect-src', "'self'"],
  ['manifest-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['object-src', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** Directives a meta tag cannot carry (browsers ignore them there, with a console error). */
const HEADER_ONLY = new Set(['frame-ancestors']);

/** The policy as a response header value. */
export const CSP_HEADER = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** The policy for a `<meta http-equiv="Content-Security-Policy">` tag. */
export const CSP_META = DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name))
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');
