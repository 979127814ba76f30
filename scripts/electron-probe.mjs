// A launch of Electron that opens nothing and quits once ready. `npm start` runs it only where the
// sandbox check says Electron would abort at launch (scripts/launch-plan.mjs), to see whether it
// does: an AppArmor profile for Electron can allow what the system setting forbids others.
import { app } from 'electron';

void app.whenReady().then(() => app.quit());
// Never left running: a probe that has not quit by now has started, which is all it asks.
setTimeout(() => app.exit(0), 10_000);
