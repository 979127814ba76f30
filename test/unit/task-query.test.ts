import { describe, expect, it } from 'vitest';
import { formatTaskQuery, mergeTaskFilters, parseTaskQuery, parseTime } from '../../src/shared/task-query';

const NOW = new Date(2025, 5, 15, 12, 0, 0).getTime();

describe('parseTaskQuery', () => {
  it('reads filters and free text', () => {
    const { filter, errors } = parseTaskQuery('state:failed worker:w2 name:embed device:cpu folder:/data/x timeout ENOENT', NOW);
    expect(errors).toEqual([]);
    expect(filter).toEqual({
      states: ['failed'],
      workers: ['w2'],
      names: ['embed'],
      devices: ['cpu'],
      folders: ['/data/x'],
      text: ['timeout', 'ENOENT'],
    });
  });

  it('takes comma lists, aliases and quoted values and phrases', () => {
    const { filter, errors } = parseTaskQuery('state:failed,running,prioritised type:scan folder:"/my docs/a,b" "disk full"', NOW);
    expect(errors).toEqual([]);
    expect(filter.states).toEqual(['failed', 'active', 'prioritized']);
    expect(filter.names).toEqual(['scan']);
    expect(filter.folders).toEqual(['/my docs/a,b']);
    expect(filter.text).toEqual(['disk full']);
  });

  it('narrows when a key repeats (both must hold)', () => {
    expect(parseTaskQuery('state:failed,active state:active,waiting', NOW).filter.states).toEqual(['active']);
    expect(parseTaskQuery('state:failed state:active', NOW).filter.states).toEqual([]);
  });

  it('reads times: local dates, ages, epochs, today', () => {
    const { filter } = parseTaskQuery('after:2025-01-31 before:2h', NOW);
    expect(filter.after).toBe(new Date(2025, 0, 31).getTime());
    expect(filter.before).toBe(NOW - 2 * 3_600_000);
    expect(parseTime('2025-01-31T08:30', NOW)).toBe(new Date(2025, 0, 31, 8, 30).getTime());
    expect(parseTime('2025-01-31T08:30:00Z', NOW)).toBe(Date.UTC(2025, 0, 31, 8, 30));
    expect(parseTime('1735689600000', NOW)).toBe(1735689600000);
    expect(parseTime('today', NOW)).toBe(new Date(2025, 5, 15).getTime());
    expect(parseTime('yesterday', NOW)).toBe(new Date(2025, 5, 14).getTime());
    expect(parseTime('7d', NOW)).toBe(NOW - 7 * 86_400_000);
  });

  it('lists what it cannot read, and keeps going', () => {
    const { filter, errors } = parseTaskQuery('state:sleeping after:someday state: name:scan', NOW);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain('sleeping');
    expect(errors[1]).toContain('someday');
    expect(errors[2]).toContain('needs a value');
    expect(filter.names).toEqual(['scan']);
    expect(parseTime('2025-02-30', NOW)).toBeNull();
  });

  it('searches unknown key:value words as text (an error code, a URL)', () => {
    expect(parseTaskQuery('errno:ENOENT http://x.example/a', NOW).filter.text).toEqual(['errno:ENOENT', 'http://x.example/a']);
  });

  it('is empty for an empty query', () => {
    expect(parseTaskQuery('   ', NOW)).toEqual({ filter: {}, errors: [] });
  });
});

describe('mergeTaskFilters and formatTaskQuery', () => {
  it('merges by intersection and concatenates text', () => {
    const merged = mergeTaskFilters(
      { states: ['failed', 'active'], text: ['a'], after: 5 },
      { states: ['failed'], text: ['b'], after: 9, before: 20 },
    );
    expect(merged).toEqual({ states: ['failed'], text: ['a', 'b'], after: 9, before: 20 });
  });

  it('round-trips through the parser', () => {
    const filter = {
      states: ['failed' as const],
      workers: ['w1', 'w2'],
      folders: ['/my docs'],
      after: 1_700_000_000_000,
      text: ['disk full', 'x'],
    };
    expect(parseTaskQuery(formatTaskQuery(filter), NOW).filter).toEqual(filter);
  });
});
