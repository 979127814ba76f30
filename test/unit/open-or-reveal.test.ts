import { describe, expect, it } from 'vitest';
import { openAction, runnableReason } from '../../src/main/engine/file-open/open-or-reveal';
import { openCommandsFrom } from '../../src/main/engine/file-open/open-command';

const NONE = openCommandsFrom({});
const PLAIN = 0o100644;

describe('opening a hit or revealing it', () => {
  it.each(['run.bat', 'RUN.CMD', 'setup.exe', 'a.com', 'x.ps1', 'y.vbs', 'z.js', 'build.sh', 'tool.jar', 'App.app', 'launch.desktop'])(
    'reveals %s instead of letting the OS open (run) it',
    (name) => {
      const action = openAction(`/docs/${name}`, PLAIN, NONE);
      expect(action).toMatchObject({ kind: 'reveal' });
      expect(action.kind === 'reveal' && action.reason).toMatch(/script or program/);
    },
  );

  it('reveals a file with any exec bit, whatever its name', () => {
    for (const mode of [0o100755, 0o100744, 0o100654, 0o100645]) {
      expect(openAction('/docs/notes.txt', mode, NONE)).toEqual({ kind: 'reveal', reason: 'it is marked executable' });
    }
  });

  it('opens documents with the OS default app', () => {
    for (const name of ['notes.txt', 'report.PDF', 'table.xlsx', 'page.html', 'archive.tar.gz', 'README']) {
      expect(openAction(`/docs/${name}`, PLAIN, NONE)).toEqual({ kind: 'default' });
    }
    expect(runnableReason('/docs/json.txt', 0o100600)).toBeNull();
  });

  it('hands every file, scripts included, to a configured command (an editor gets it as an argument)', () => {
    const commands = openCommandsFrom({ SEMANTIK_OPEN_COMMAND: 'code --goto {path}:{line}' });
    expect(openAction('/src/run.bat', 0o100755, commands)).toEqual({ kind: 'command', words: ['code', '--goto', '{path}:{line}'] });
    // Only a PDF command: other files fall back to the OS default, and its rule.
    const pdfOnly = openCommandsFrom({ SEMANTIK_OPEN_PDF_COMMAND: 'okular {path}' });
    expect(openAction('/a/b.pdf', PLAIN, pdfOnly)).toMatchObject({ kind: 'command' });
    expect(openAction('/a/b.sh', PLAIN, pdfOnly)).toMatchObject({ kind: 'reveal' });
  });
});
