// A folder's problem list grouped by reason: per-file details (paths, sizes, offsets, bytes) do
// not split a reason; groups come largest first; the filter matches paths and reasons.
import { describe, expect, it } from 'vitest';
import type { FileProblem } from '../../src/shared/monitor-types';
import {
  filterGroups,
  groupProblems,
  isGroupOpen,
  normaliseReason,
  OPEN_ALL_UP_TO,
  pathInFolder,
} from '../../src/renderer/state/problem-groups';

function failed(path: string, reason: string): FileProblem {
  return { path, reason, state: 'failed' };
}
function skipped(path: string, reason: string): FileProblem {
  return { path, reason, state: 'unsupported' };
}

describe('normaliseReason', () => {
  it.each([
    ['file too large: 12.3 MB (limit 10 MB, SEMANTIK_MAX_FILE_SIZE)', 'file too large: … MB (limit … MB, SEMANTIK_MAX_FILE_SIZE)'],
    [
      'invalid UTF-8: byte 0x9f at offset 1234 (3 bad bytes in a UTF-8 file: damaged or mixed encodings)',
      'invalid UTF-8: byte … at offset … (… bad bytes in a UTF-8 file: damaged or mixed encodings)',
    ],
    [
      'skipped: symbolic link out of the indexed folder (to /srv/other/x.txt): not followed (SEMANTIK_FOLLOW_SYMLINKS=all follows it)',
      'skipped: symbolic link out of the indexed folder (to …): not followed (SEMANTIK_FOLLOW_SYMLINKS=all follows it)',
    ],
    [
      "skipped: broken symbolic link (ENOENT: no such file or directory, stat '/data/gone')",
      "skipped: broken symbolic link (ENOENT: no such file or directory, stat '…')",
    ],
    [
      'file name is not valid UTF-8 (bytes 666f6fff): rename it to index it',
      'file name is not valid UTF-8 (bytes …): rename it to index it',
    ],
    ['the extractor stopped unexpectedly (exit code 134)', 'the extractor stopped unexpectedly (exit code …)'],
  ])('masks the details of %s', (reason, normalised) => {
    expect(normaliseReason(reason)).toBe(normalised);
  });

  it.each([
    'unsupported format .mp4 (video)',
    'not a valid Word document: a ZIP without word/document.xml (another kind of ZIP renamed .docx?)',
    'binary content: not a text file',
    'damaged or invalid PDF: Invalid PDF structure.',
  ])('keeps a reason without details as it is: %s', (reason) => {
    expect(normaliseReason(reason)).toBe(reason);
  });
});

describe('groupProblems', () => {
  const problems = [
    failed('/f/a.txt', 'file too large: 12.3 MB (limit 10 MB, SEMANTIK_MAX_FILE_SIZE)'),
    failed('/f/b.txt', 'file too large: 55.0 MB (limit 10 MB, SEMANTIK_MAX_FILE_SIZE)'),
    failed('/f/c.txt', 'file too large: 10.5 MB (limit 10 MB, SEMANTIK_MAX_FILE_SIZE)'),
    failed('/f/d.txt', 'invalid UTF-8: byte 0x9f at offset 12 (1 bad byte in a UTF-8 file: damaged or mixed encodings)'),
    failed('/f/e.txt', 'invalid UTF-8: byte 0xff at offset 99 (4 bad bytes in a UTF-8 file: damaged or mixed encodings)'),
    skipped('/f/p.png', 'unsupported format .png (image)'),
    skipped('/f/q.png', 'unsupported format .png (image)'),
    skipped('/f/v.mp4', 'unsupported format .mp4 (video)'),
  ];

  it('groups by state and normalised reason, largest first, each detail the files share kept', () => {
    const groups = groupProblems(problems);
    expect(groups.map((group) => [group.state, group.label, group.files.length])).toEqual([
      ['failed', 'file too large: … MB (limit 10 MB, SEMANTIK_MAX_FILE_SIZE)', 3],
      ['failed', 'invalid UTF-8: byte … at offset … (… bad byte in a UTF-8 file: damaged or mixed encodings)', 2],
      ['unsupported', 'unsupported format .png (image)', 2],
      ['unsupported', 'unsupported format .mp4 (video)', 1],
    ]);
    expect(groups[0]!.files.map((file) => file.path)).toEqual(['/f/a.txt', '/f/b.txt', '/f/c.txt']);
  });

  it('keeps the same text apart when the states differ', () => {
    const groups = groupProblems([failed('/a', 'same reason'), skipped('/b', 'same reason')]);
    expect(groups).toHaveLength(2);
  });
});

describe('filterGroups', () => {
  const groups = groupProblems([
    failed('/f/docs/a.pdf', 'damaged or invalid PDF: Invalid PDF structure.'),
    failed('/f/docs/b.pdf', 'damaged or invalid PDF: Invalid PDF structure.'),
    failed('/f/notes/c.pdf', 'damaged or invalid PDF: Invalid PDF structure.'),
    skipped('/f/docs/p.png', 'unsupported format .png (image)'),
  ]);

  it('matches every word against the path and the reason, ignoring case, and counts the matches', () => {
    expect(filterGroups(groups, '', '/f').matches).toBe(4);
    const docs = filterGroups(groups, 'DOCS', '/f');
    expect(docs.matches).toBe(3);
    expect(docs.groups.map((one) => one.files.length)).toEqual([2, 1]);
    const pdfInNotes = filterGroups(groups, 'invalid notes', '/f');
    expect(pdfInNotes.groups.map((one) => one.files.map((file) => file.path))).toEqual([['/f/notes/c.pdf']]);
    expect(filterGroups(groups, 'skipped', '/f').matches).toBe(1);
    expect(filterGroups(groups, 'nothing-like-this', '/f')).toEqual({ groups: [], matches: 0 });
  });

  it("leaves the folder's own path out of the match", () => {
    const zed = groupProblems([failed('/home/zed/a.pdf', 'damaged'), failed('/home/zed/zed.pdf', 'damaged')]);
    expect(filterGroups(zed, 'zed', '/home/zed').matches).toBe(1);
    expect(filterGroups(zed, 'zed', '/').matches).toBe(2);
    expect(pathInFolder('/f/docs/a.pdf', '/f')).toBe('docs/a.pdf');
    expect(pathInFolder('/f/docs/a.pdf', '/f/')).toBe('docs/a.pdf');
    expect(pathInFolder('/fx/a.pdf', '/f')).toBe('/fx/a.pdf');
    expect(pathInFolder('C:\\data\\a.pdf', 'C:\\data')).toBe('a.pdf');
  });

  it('opens every group of a short list and none of a long one, unless toggled', () => {
    expect(isGroupOpen('k', {}, OPEN_ALL_UP_TO)).toBe(true);
    expect(isGroupOpen('k', {}, OPEN_ALL_UP_TO + 1)).toBe(false);
    expect(isGroupOpen('k', { k: true }, 5000)).toBe(true);
    expect(isGroupOpen('k', { k: false }, 1)).toBe(false);
  });
});
