/**
 * Job signatures, sealed payloads and the path check the local processors use.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, jobSignatureProblem, signJob } from '../../src/node/jobs/job-signature';
import { isSealed, reveal, revealJsonText, revealText, seal, unseal } from '../../src/node/jobs/payload-seal';
import { isWithin } from '../../src/workers/job-references';

const KEY = 'the-job-key-of-this-data-folder';

describe('job signatures', () => {
  const data = { runId: 3, files: [{ docId: 7, size: 10, mtimeMs: 5 }] };

  it('accepts a signed job after a JSON round trip, whatever the key order', () => {
    const signed = signJob(KEY, 'extract', 'extract', data);
    const roundTrip = JSON.parse(JSON.stringify({ files: signed.files, sig: signed.sig, runId: signed.runId })) as unknown;
    expect(jobSignatureProblem(KEY, 'extract', 'extract', roundTrip)).toBeNull();
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });

  it('refuses unsigned, malformed, re-keyed, moved and changed jobs', () => {
    const signed = signJob(KEY, 'extract', 'extract', data);
    expect(jobSignatureProblem(KEY, 'extract', 'extract', data)).toBe('job is not signed');
    expect(jobSignatureProblem(KEY, 'extract', 'extract', { ...data, sig: 'nope' })).toBe('job signature is malformed');
    expect(jobSignatureProblem(KEY, 'extract', 'extract', null)).toBe('job data is not an object');
    expect(jobSignatureProblem('another-key', 'extract', 'extract', signed)).toMatch(/does not match/);
    expect(jobSignatureProblem(KEY, 'scan', 'extract', signed)).toMatch(/does not match/);
    expect(jobSignatureProblem(KEY, 'extract', 'scan', signed)).toMatch(/does not match/);
    expect(jobSignatureProblem(KEY, 'extract', 'extract', { ...signed, runId: 4 })).toMatch(/does not match/);
  });
});

describe('sealed payloads', () => {
  const key = randomBytes(32);

  it('round-trips any JSON value and hides it', () => {
    const texts = ['first chunk', 'second chunk with ünïcode'];
    const sealed = seal(key, texts);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('chunk');
    expect(unseal(key, sealed)).toEqual(texts);
    // A fresh IV each time: equal values do not look equal.
    expect(seal(key, texts)).not.toBe(sealed);
  });

  it('refuses another key and a changed byte', () => {
    const sealed = seal(key, '/home/someone/secret.txt');
    expect(() => unseal(randomBytes(32), sealed)).toThrow(/cannot decrypt/);
    // A character in the middle (every bit of it is data), always changed to another one.
    const at = Math.floor(sealed.length / 2);
    const flipped = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
    expect(() => unseal(key, flipped)).toThrow(/cannot decrypt/);
  });

  it('reveals sealed values inside objects, text and JSON text', () => {
    const path = '/home/someone/notes/a.txt';
    const value = { done: 1, currentFile: seal(key, path), list: [seal(key, ['x', 'y'])] };
    expect(reveal(key, value)).toEqual({ done: 1, currentFile: path, list: [['x', 'y']] });
    expect(revealText(key, `Error: ${seal(key, `${path}: too large`)}\n    at x`)).toBe(`Error: ${path}: too large\n    at x`);
    expect(JSON.parse(revealJsonText(key, JSON.stringify(value)))).toEqual({ done: 1, currentFile: path, list: [['x', 'y']] });
    expect(revealText(randomBytes(32), seal(key, path))).toBe('[encrypted with another key]');
  });
});

describe('paths under a folder', () => {
  it('accepts the folder and what lies below it, nothing else', () => {
    expect(isWithin('/data/notes', '/data/notes')).toBe(true);
    expect(isWithin('/data/notes', '/data/notes/a/b.txt')).toBe(true);
    expect(isWithin('/data/notes', '/data/notes-old/b.txt')).toBe(false);
    expect(isWithin('/data/notes', '/data/notes/../secret.txt')).toBe(false);
    expect(isWithin('/data/notes', '/etc/passwd')).toBe(false);
    expect(isWithin('/data/notes', 'notes/a.txt')).toBe(false);
    expect(isWithin('/data/notes', '/data/notes/..hidden/a.txt')).toBe(true);
  });
});
