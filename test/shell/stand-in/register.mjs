// STAND-IN FOR ELECTRON (tests only): `node --import ./register.mjs out/main/index.js` resolves the
// `electron` import of the built main bundle to electron.mjs beside this file.
import { register } from 'node:module';

register(new URL('./resolve-hook.mjs', import.meta.url));
