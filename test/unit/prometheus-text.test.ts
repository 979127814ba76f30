import { describe, expect, it } from 'vitest';
import { prometheusText } from '../../src/main/web/http-api/prometheus-text';
import { parsePrometheus } from '../helpers/prometheus';

describe('prometheusText', () => {
  it('writes HELP, TYPE and samples that a strict parser reads back, with escaped labels', () => {
    const text = prometheusText([
      { name: 'x_jobs', help: 'Jobs.\nSecond line \\ ok', type: 'gauge', samples: [{ labels: { queue: 'a"b\\c\nd' }, value: 3 }] },
      { name: 'x_done', help: 'Done.', type: 'counter', samples: [{ suffix: '_total', labels: { state: 'failed' }, value: 2 }] },
      {
        name: 'x_seconds',
        help: 'Durations.',
        type: 'histogram',
        samples: [
          { suffix: '_bucket', labels: { le: '0.5' }, value: 1 },
          { suffix: '_bucket', labels: { le: '+Inf' }, value: 4 },
          { suffix: '_sum', labels: {}, value: 7.5 },
          { suffix: '_count', labels: {}, value: 4 },
        ],
      },
      { name: 'x_empty', help: 'No samples yet.', type: 'gauge', samples: [{ labels: {}, value: NaN }] },
    ]);
    const parsed = parsePrometheus(text);
    expect(parsed.samples.find((s) => s.name === 'x_jobs')?.labels.queue).toBe('a\\"b\\\\c\\nd');
    expect(parsed.samples.find((s) => s.name === 'x_done_total')?.value).toBe(2);
    expect(parsed.samples.filter((s) => s.name === 'x_seconds_bucket')).toHaveLength(2);
    expect(text).toContain('x_seconds_bucket{le="+Inf"} 4');
    expect(text).toContain('# HELP x_jobs Jobs.\\nSecond line \\\\ ok');
    expect(Number.isNaN(parsed.samples.find((s) => s.name === 'x_empty')?.value)).toBe(true);
  });

  it('is refused by the parser when a family lacks HELP (the check can fail)', () => {
    expect(() => parsePrometheus('# TYPE y gauge\ny 1\n')).toThrow('HELP');
    expect(() => parsePrometheus('# HELP y Y.\n# TYPE y gauge\ny{bad label="1"} 1\n')).toThrow('not a sample');
  });
});
