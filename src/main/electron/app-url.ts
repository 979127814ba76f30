/**
 * Which URLs are the app's own page: IPC is answered and navigation allowed only for these
 * (pure; no electron import).
 */

/**
 * True when `url` is the app's page `appUrl`: same file for file: URLs, same origin for the
 * development server. Query and fragment do not matter; anything else (other files, other hosts,
 * data:, about:blank) is refused.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(appUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:')
    return actual.protocol === 'file:' && actual.pathname === expected.pathname && actual.host === expected.host;
  return (expected.protocol === 'http:' || expected.protocol === 'https:') && actual.origin === expected.origin;
}
