#!/usr/bin/env node
// The `semantik` command. It runs the TypeScript sources through tsx, so `npx semantik` works right
// after `npm ci` with no build step; the packaged desktop app runs built bundles instead.
import { register } from 'tsx/esm/api';

// Command output is the point: engine logs below errors would drown it, except for `serve`, which
// runs until stopped and logs like a service. SEMANTIK_LOG_LEVEL overrides both.
process.env.SEMANTIK_LOG_LEVEL ??= process.argv.includes('serve') ? 'info' : 'error';

register();
await import('../src/main/cli/main.ts');
