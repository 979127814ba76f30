/**
 * The hand-over check of the GPU lease tests, on samples written by hand: a task belongs to the
 * grant its fencing token names, whatever the clocks say.
 */
import { describe, expect, it } from 'vitest';
import { assertHandOvers, tenures, type LeaseSample, type TaskSpan } from '../helpers/lease-sampler';

function sample(at: number, process: string, since: number, token: number): LeaseSample {
  return { at, held: [{ deviceId: 'sim:0', process, since, token, jobIds: [], idle: false }], waiters: [] };
}

// w1 holds sim:0 from 1,000 (turns 1–3), w2 from 1,200 (turns 4–5).
const samples = [
  sample(1_000, 'w1:10', 1_000, 1),
  sample(1_025, 'w1:10', 1_000, 2),
  sample(1_175, 'w1:10', 1_000, 3),
  sample(1_200, 'w2:20', 1_200, 4),
  sample(1_300, 'w2:20', 1_200, 5),
];

function span(workerId: string, token: number, startedAt: number, finishedAt: number): TaskSpan {
  return { workerId, deviceId: 'sim:0', token, startedAt, finishedAt };
}

describe('assertHandOvers', () => {
  const byDevice = tenures(samples);

  it('accepts tasks inside their own grants, a short one just before the hand-over included', () => {
    const spans = [span('w1', 1, 1_001, 1_020), span('w1', 3, 1_185, 1_195), span('w2', 4, 1_201, 1_290)];
    expect(assertHandOvers(byDevice, spans)).toBe(3);
  });

  it("skips another worker's task whose grant no sample saw", () => {
    expect(assertHandOvers(byDevice, [span('w3', 9, 1_400, 1_410)])).toBe(0);
  });

  it("checks a holder's turn that no sample saw against the next grant", () => {
    // w1 {1, 2}, then w2 {5}: turns 3 and 4 fell between two samples.
    const gap = tenures([sample(1_000, 'w1:10', 1_000, 1), sample(1_025, 'w1:10', 1_000, 2), sample(1_300, 'w2:20', 1_250, 5)]);
    expect(assertHandOvers(gap, [span('w1', 3, 1_030, 1_240)])).toBe(1);
    expect(() => assertHandOvers(gap, [span('w1', 3, 1_030, 1_350)])).toThrow(/w2:20 got the device at 1250/);
    // Another worker's turn there had a grant of its own that no sample saw.
    expect(assertHandOvers(gap, [span('w3', 4, 1_100, 1_200)])).toBe(0);
  });

  it("fails a task whose token lies within another process's grant", () => {
    expect(() => assertHandOvers(byDevice, [span('w2', 2, 1_030, 1_040)])).toThrow(/a task of w2 \(token 2\) ran during w1:10's grant/);
  });

  it('fails a task that ends after the next grant began', () => {
    expect(() => assertHandOvers(byDevice, [span('w1', 3, 1_180, 1_260)])).toThrow(/w2:20 got the device at 1200/);
  });

  it('fails a task that started before its grant', () => {
    expect(() => assertHandOvers(byDevice, [span('w2', 4, 1_100, 1_250)])).toThrow(/before its grant at 1200/);
  });
});
