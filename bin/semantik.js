#!/usr/bin/env node
// The `semantik` command. It runs the built bundle (out/main/cli.js, made by `npm run build`) when
// that is up to date with src/, and otherwise the TypeScript sources through tsx, so that `npx
// semantik` works right after `npm ci` with no build step (slower: tsx transpiles at every call).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chooseCliEntry } from './cli-entry.js';

// Command output is the point: engine logs below errors would drown it, except for `serve`, which
// runs until stopped and logs like a service. SEMANTIK_LOG_LEVEL overrides both.
process.env.SEMANTIK_LOG_LEVEL ??= process.argv.includes('serve') ? 'info' : 'error';

const entry = chooseCliEntry(join(dirname(fileURLToPath(import.meta.url)), '..'));
if (process.env.SEMANTIK_CLI_TRACE === '1') process.stderr.write(`semantik: running ${entry.path}\n`);
if (entry.kind === 'bundle') {
  await import(pathToFileURL(entry.path).href);
} else {
  process.stderr.write(`semantik: ${entry.reason}; running the sources through tsx (slower; \`npm run build\` builds it)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry.path).href);
}
