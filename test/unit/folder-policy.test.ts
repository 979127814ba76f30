import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubEndpoint } from '../../src/main/engine/config';
import { assertIndexableFolder, isInside, parseWebRoots, webFolder } from '../../src/main/engine/folder-policy';

describe('which folders may be indexed', () => {
  it('tells inside from beside', () => {
    expect(isInside('/a/b', '/a')).toBe(true);
    expect(isInside('/a', '/a')).toBe(true);
    expect(isInside('/ab', '/a')).toBe(false);
    expect(isInside('/a/../b', '/a')).toBe(false);
    expect(isInside('/a/..b', '/a')).toBe(true);
    expect(isInside('/anything', '/')).toBe(true);
  });

  it('never indexes the system folders or the data folder, nor anything inside them', () => {
    const data = '/home/u/.local/share/semantik';
    for (const folder of ['/proc', '/proc/1', '/sys/kernel', '/dev', data, join(data, 'redis')]) {
      expect(() => assertIndexableFolder(folder, data), folder).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    }
    for (const folder of ['/home/u', '/home/u/docs', '/', '/devices', '/home/u/.local/share/semantik-notes']) {
      expect(() => assertIndexableFolder(folder, data), folder).not.toThrow();
    }
  });

  it('reads SEMANTIK_WEB_ROOTS as absolute folders, none when unset', async () => {
    expect(parseWebRoots(undefined)).toEqual([]);
    expect(parseWebRoots(' ')).toEqual([]);
    expect(parseWebRoots('/srv/docs:/home/u/shared/')).toEqual(['/srv/docs', '/home/u/shared']);
    expect(() => parseWebRoots('/srv:docs')).toThrow(/"docs" is not an absolute path/);
    await expect(webFolder('/tmp', [])).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/SEMANTIK_WEB_ROOTS/) });
    await expect(webFolder('/srv/docs/../secret', ['/srv/docs'])).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('takes models from an https hub, or from plain http on this machine only', () => {
    expect(hubEndpoint(undefined)).toBe('https://huggingface.co');
    expect(hubEndpoint('https://mirror.example/hf/')).toBe('https://mirror.example/hf');
    expect(hubEndpoint('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(hubEndpoint('http://localhost:8080')).toBe('http://localhost:8080');
    for (const bad of ['http://mirror.example', 'http://127.0.0.1.evil.example', 'ftp://x', 'file:///tmp/hub']) {
      expect(() => hubEndpoint(bad), bad).toThrow(/must be an https URL/);
    }
  });
});
