/**
 * What the monitor answers to a request without the right credentials (401): where the generated
 * credentials are kept and how to set one's own, as a small HTML page for browsers (it is what a
 * browser shows when the person cancels its login prompt) and as plain text for other clients.
 *
 * The page is static: it names the file and the variables, never this machine's data folder, the
 * user name or whether the credentials were generated, which are not for a client that has not
 * logged in. It has no script, no style and nothing remote, so the monitor's CSP holds unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MONITOR_AUTH_FILE } from './credentials';
import { SECURITY_HEADERS } from './static-files';

/** A run of text, shown as code (a file or variable name, a command) or as prose. */
type Run = string | { code: string };

/** The page's title, also the first line of the plain text. */
export const SIGN_IN_TITLE = 'Authentication required';

/** The page's paragraphs, shared by the HTML and the text forms so that they cannot drift apart. */
const PARAGRAPHS: readonly (readonly Run[])[] = [
  ['The Semantik monitor needs its user name and password.'],
  [
    'Where they are: unless ',
    { code: 'SEMANTIK_MONITOR_AUTH' },
    ' is set, Semantik generates them the first time it serves the monitor and keeps them, as ',
    { code: 'user:password' },
    ', in the file ',
    { code: MONITOR_AUTH_FILE },
    ' in its data folder: ',
    { code: 'SEMANTIK_DATA_DIR' },
    ' or the folder given with ',
    { code: 'semantik --data-dir DIR serve' },
    ', by default ',
    { code: '~/.local/share/semantik' },
    ' (Linux), ',
    { code: '~/Library/Application Support/Semantik' },
    ' (macOS) or ',
    { code: '%APPDATA%\\Semantik' },
    ' (Windows). ',
    { code: 'semantik serve' },
    ' prints them on the run that creates them; the desktop app shows them when it opens the web monitor.',
  ],
  [
    'To set your own: start Semantik with ',
    { code: 'SEMANTIK_MONITOR_AUTH=user:password' },
    ' in its environment (',
    { code: 'admin:admin' },
    ' is refused). The monitor reads it from the environment only, not from the Settings view or ',
    { code: 'settings.json' },
    '.',
  ],
];

/** The page as plain text. */
export const SIGN_IN_TEXT = [
  SIGN_IN_TITLE,
  ...PARAGRAPHS.map((runs) => runs.map((run) => (typeof run === 'string' ? run : run.code)).join('')),
]
  .join('\n\n')
  .concat('\n');

/** The page as HTML: unstyled, since the CSP admits no inline style and a stylesheet would need a login too. */
export const SIGN_IN_HTML = [
  '<!doctype html>',
  '<html lang="en">',
  '<head>',
  '<meta charset="utf-8">',
  '<meta name="viewport" content="width=device-width, initial-scale=1">',
  `<title>${SIGN_IN_TITLE}: Semantik monitor</title>`,
  '</head>',
  '<body>',
  `<h1>${SIGN_IN_TITLE}</h1>`,
  ...PARAGRAPHS.map((runs) => `<p>${runs.map(runHtml).join('')}</p>`),
  '<p><a href="/">Try again</a></p>',
  '</body>',
  '</html>',
  '',
].join('\n');

function runHtml(run: Run): string {
  return typeof run === 'string' ? escapeHtml(run) : `<code>${escapeHtml(run.code)}</code>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** True when the client asks for HTML, as a browser's navigation does (`Accept: text/html,…`). */
export function wantsHtml(request: IncomingMessage): boolean {
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(request.headers.accept ?? '');
}

/** Sends the 401 sign-in page, HTML or text as the client asks, with the caller's headers (the challenge). */
export function sendSignIn(request: IncomingMessage, response: ServerResponse, headers: Record<string, string>): void {
  const html = wantsHtml(request);
  response.writeHead(401, {
    ...SECURITY_HEADERS,
    'Content-Type': html ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    // The body differs by Accept: a cache (there should be none, see no-store) must not mix them.
    Vary: 'Accept',
    ...headers,
  });
  response.end(html ? SIGN_IN_HTML : SIGN_IN_TEXT);
}
