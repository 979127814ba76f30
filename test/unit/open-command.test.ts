import { describe, expect, it } from 'vitest';
import { commandFor, expandOpenTemplate, openCommandsFrom, parseOpenTemplate } from '../../src/main/engine/file-open/open-command';

describe('open command templates', () => {
  it('splits words on spaces, keeps quoted spaces, and replaces placeholders inside words', () => {
    const words = parseOpenTemplate(`code --goto {path}:{line}`, 'X');
    expect(expandOpenTemplate(words, '/docs/a b.txt', { line: 42 })).toEqual(['code', '--goto', '/docs/a b.txt:42']);
    const quoted = parseOpenTemplate(`"/opt/My Viewer/view" -p {page} '{path}' ""`, 'X');
    expect(expandOpenTemplate(quoted, '/r/q.pdf', { page: 7 })).toEqual(['/opt/My Viewer/view', '-p', '7', '/r/q.pdf', '']);
  });

  it('puts a file name in one argument, never into a shell', () => {
    const words = parseOpenTemplate('edit {path}', 'X');
    expect(expandOpenTemplate(words, '/d/x; rm -rf ~ $(id).txt')).toEqual(['edit', '/d/x; rm -rf ~ $(id).txt']);
  });

  it('uses line and page 1 when the place is unknown', () => {
    expect(expandOpenTemplate(parseOpenTemplate('v {path} {line} {page}', 'X'), '/f')).toEqual(['v', '/f', '1', '1']);
  });

  it('refuses templates without {path}, empty ones and unclosed quotes, naming the setting', () => {
    expect(() => parseOpenTemplate('code --goto', 'SEMANTIK_OPEN_COMMAND')).toThrow(/SEMANTIK_OPEN_COMMAND must contain \{path\}/);
    expect(() => parseOpenTemplate('   ', 'SEMANTIK_OPEN_COMMAND')).toThrow(/is empty/);
    expect(() => parseOpenTemplate('"code {path}', 'SEMANTIK_OPEN_PDF_COMMAND')).toThrow(/SEMANTIK_OPEN_PDF_COMMAND: unclosed "/);
    expect(() => openCommandsFrom({ SEMANTIK_OPEN_COMMAND: 'code' })).toThrow(/must contain \{path\}/);
  });

  it('opens PDFs with the PDF command when set, else the general one; nothing set: the OS decides', () => {
    const both = openCommandsFrom({ SEMANTIK_OPEN_COMMAND: 'code -g {path}:{line}', SEMANTIK_OPEN_PDF_COMMAND: 'okular -p {page} {path}' });
    expect(commandFor(both, '/a/B.PDF')?.[0]).toBe('okular');
    expect(commandFor(both, '/a/b.md')?.[0]).toBe('code');
    const general = openCommandsFrom({ SEMANTIK_OPEN_COMMAND: 'code -g {path}:{line}' });
    expect(commandFor(general, '/a/b.pdf')?.[0]).toBe('code');
    const pdfOnly = openCommandsFrom({ SEMANTIK_OPEN_PDF_COMMAND: 'okular -p {page} {path}' });
    expect(commandFor(pdfOnly, '/a/b.txt')).toBeNull();
    expect(openCommandsFrom({})).toEqual({ any: null, pdf: null });
  });
});
