import { describe, expect, it } from 'vitest';
import { parseFollowLinks } from '../../src/shared/follow-links';
import { decideLink } from '../../src/node/scan-rules/link-policy';

const root = '/home/me/notes';

describe('decideLink', () => {
  it('skips a link out of the folder with its reason unless every link is followed', () => {
    const facts = { target: '/home/me/other', holder: root, root };
    expect(decideLink('inside', facts)).toEqual({
      follow: false,
      reason: 'symbolic link out of the indexed folder (to /home/me/other): not followed (SEMANTIK_FOLLOW_SYMLINKS=all follows it)',
    });
    expect(decideLink('all', facts)).toEqual({ follow: true });
    // A sibling whose name starts like the root's is still outside it.
    expect(decideLink('inside', { ...facts, target: '/home/me/notes-old' }).follow).toBe(false);
    expect(decideLink('all', { ...facts, target: '/home/me/notes-old' })).toEqual({ follow: true });
  });

  it('never follows a link to an ancestor of the folder or of the link itself, whatever the mode', () => {
    for (const mode of ['inside', 'all'] as const) {
      for (const target of ['/home/me', '/', root]) {
        expect(decideLink(mode, { target, holder: `${root}/sub`, root })).toEqual({
          follow: false,
          reason: `symbolic link to an ancestor folder (${target}): never followed, it would loop`,
        });
      }
      // Below a followed outside link, a link back up that tree loops too.
      expect(decideLink(mode, { target: '/srv/shared', holder: '/srv/shared/deep', root })).toMatchObject({
        follow: false,
        reason: expect.stringMatching(/ancestor folder/),
      });
    }
  });

  it('skips a link within the folder silently: its target is walked under its own path', () => {
    expect(decideLink('inside', { target: `${root}/a/b.txt`, holder: `${root}/c`, root })).toEqual({ follow: false, reason: null });
    expect(decideLink('all', { target: `${root}/a`, holder: `${root}/c`, root })).toEqual({ follow: false, reason: null });
  });

  it('follows nothing, silently, with none', () => {
    expect(decideLink('none', { target: '/elsewhere', holder: root, root })).toEqual({ follow: false, reason: null });
  });
});

describe('parseFollowLinks', () => {
  it('reads the modes, the old switch values as the safe default or none, and refuses the rest', () => {
    expect(['all', 'ALL ', 'inside', 'on', '1', 'true'].map(parseFollowLinks)).toEqual([
      'all',
      'all',
      'inside',
      'inside',
      'inside',
      'inside',
    ]);
    expect(['none', '0', 'off', 'false', 'no'].map(parseFollowLinks)).toEqual(['none', 'none', 'none', 'none', 'none']);
    expect(parseFollowLinks('sometimes')).toBeNull();
  });
});
