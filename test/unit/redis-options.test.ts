import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisOptionsFromUrl } from '../../src/node/redis-options';

describe('redisOptionsFromUrl', () => {
  it('reads host and port, defaulting the port and leaving auth out', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1:6390')).toEqual({ host: '127.0.0.1', port: 6390, maxRetriesPerRequest: null });
    expect(redisOptionsFromUrl('redis://cache.local')).toEqual({ host: 'cache.local', port: 6379, maxRetriesPerRequest: null });
  });

  it('takes username, password (percent-decoded) and db from the URL', () => {
    expect(redisOptionsFromUrl('redis://alice:p%40ss%3Aword@10.0.0.5:7000/3')).toEqual({
      host: '10.0.0.5',
      port: 7000,
      username: 'alice',
      password: 'p@ss:word',
      db: 3,
      maxRetriesPerRequest: null,
    });
    expect(redisOptionsFromUrl('redis://:secret@h/0')).toMatchObject({ password: 'secret', db: 0 });
    expect(redisOptionsFromUrl('redis://:secret@h/0')).not.toHaveProperty('username');
  });

  it('prefers a given password over the one in the URL', () => {
    expect(redisOptionsFromUrl('redis://:old@h', 'new').password).toBe('new');
    expect(redisOptionsFromUrl('redis://h', 'given').password).toBe('given');
  });

  it('turns on TLS for rediss:// only', () => {
    expect(redisOptionsFromUrl('rediss://h:6380').tls).toEqual({});
    expect(redisOptionsFromUrl('redis://h:6380')).not.toHaveProperty('tls');
  });

  it('unwraps IPv6 hosts', () => {
    expect(redisOptionsFromUrl('redis://[::1]:6379').host).toBe('::1');
  });

  it('rejects other schemes, bad db paths and garbage, without echoing a password', () => {
    expect(() => redisOptionsFromUrl('http://h:6379')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => redisOptionsFromUrl('unix:///tmp/redis.sock')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => redisOptionsFromUrl('redis://h/queue')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => redisOptionsFromUrl('not a url :secret')).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.not.stringContaining('secret') }),
    );
  });

  it('is accepted by ioredis as is', () => {
    const redis = new Redis({ ...redisOptionsFromUrl('redis://u:p@127.0.0.1:1/2'), lazyConnect: true });
    expect(redis.options).toMatchObject({ host: '127.0.0.1', port: 1, username: 'u', password: 'p', db: 2, maxRetriesPerRequest: null });
    redis.disconnect();
  });
});
