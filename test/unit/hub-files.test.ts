import { describe, expect, it } from 'vitest';
import { checksumFromEtag, modelFolderName, parseContentRange, resolveUrl } from '../../src/main/engine/models/hub-files';
import { modelDownloadInput } from '../../src/shared/models';

describe('hub files', () => {
  it('builds resolve URLs in the hub layout', () => {
    expect(resolveUrl('https://hf-mirror.example/', 'sentence-transformers/all-MiniLM-L6-v2', 'main', 'onnx/model.onnx')).toBe(
      'https://hf-mirror.example/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx',
    );
    expect(resolveUrl('https://h', 'a/b', 'main', '1_Pooling/config.json')).toBe('https://h/a/b/resolve/main/1_Pooling/config.json');
    expect(modelFolderName('BAAI/bge-small-en-v1.5')).toBe('bge-small-en-v1.5');
  });

  it('reads SHA-256 and git SHA-1 checksums from ETags, and nothing from others', () => {
    const sha256 = 'a'.repeat(64);
    expect(checksumFromEtag(`"${sha256}"`)).toEqual({ kind: 'sha256', hex: sha256 });
    expect(checksumFromEtag(`"${'B'.repeat(40)}"`)).toEqual({ kind: 'git-sha1', hex: 'b'.repeat(40) });
    expect(checksumFromEtag(`W/"${sha256}"`)).toBeNull();
    expect(checksumFromEtag('"5f3a-1c2b"')).toBeNull();
    expect(checksumFromEtag(`"${'c'.repeat(32)}"`)).toBeNull();
    expect(checksumFromEtag(null)).toBeNull();
  });

  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, total: 1000 });
    expect(parseContentRange('bytes 5-9/*')).toEqual({ start: 5, total: null });
    expect(parseContentRange('items 1-2/3')).toBeNull();
  });

  it('accepts repository names and refuses paths', () => {
    expect(modelDownloadInput.safeParse({ repo: 'BAAI/bge-small-en-v1.5' }).success).toBe(true);
    expect(modelDownloadInput.parse({ repo: 'bert-base-uncased' }).revision).toBe('main');
    for (const repo of ['../etc', 'a/../b', 'a/b/c', '/abs', 'a/..', 'a b/c']) {
      expect(modelDownloadInput.safeParse({ repo }).success, repo).toBe(false);
    }
    expect(modelDownloadInput.safeParse({ repo: 'a/b', checksums: { 'onnx/model.onnx': 'xyz' } }).success).toBe(false);
    expect(modelDownloadInput.safeParse({ repo: 'a/b', revision: '../main' }).success).toBe(false);
  });
});
