import { describe, expect, it } from 'vitest';
import { cronProblem, normalizeCron } from '../../src/shared/schedules';

describe('cronProblem', () => {
  it.each(['0 0 * * *', '*/15 * * * *', '0 9-17 * * mon-fri', '30 2 1,15 jan,jul ?', '0 0 0 * * *', '@daily', ' 5  4 * *  sun '])(
    'accepts %s',
    (pattern) => expect(cronProblem(pattern)).toBeNull(),
  );

  it.each([
    ['* * *', '5 fields'],
    ['60 * * * *', 'minute'],
    ['0 24 * * *', 'hour'],
    ['0 0 0 * *', 'day of month'],
    ['0 0 * 13 *', 'month'],
    ['0 0 * * funday', 'day of week'],
    ['*/0 * * * *', 'step'],
    ['5-1 * * * *', 'backwards'],
    ['1,,2 * * * *', 'empty'],
    ['? * * * *', 'minute'],
  ])('refuses %s, naming the problem', (pattern, problem) => {
    expect(cronProblem(pattern)).toContain(problem);
  });

  it('expands aliases', () => {
    expect(normalizeCron('@hourly')).toBe('0 * * * *');
    expect(normalizeCron('0  0 * * *')).toBe('0 0 * * *');
  });
});
