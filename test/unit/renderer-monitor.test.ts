// The monitor views' pure logic: the tasks form as a query, the counts the tabs show, bulk
// targets, columns, the workers roster and the view named by a location hash.
import { describe, expect, it } from 'vitest';
import type { WorkerInfo } from '../../src/shared/monitor-types';
import { TASK_STATES, type TaskState } from '../../src/shared/tasks';
import { gridTemplate, normalizeColumns, rowMinWidth } from '../../src/renderer/state/task-columns';
import { bulkTargets, EMPTY_TASK_FORM, formQuery, queryProblems, tabStates, visibleCounts } from '../../src/renderer/state/task-form';
import { hashOfRoute, routeOfHash, viewOfHash } from '../../src/renderer/state/views';
import { OFFLINE_KEPT_MS, roster, updateDeparted } from '../../src/renderer/state/worker-roster';

function counts(values: Partial<Record<TaskState, number>>): Record<TaskState, number> {
  return Object.fromEntries(TASK_STATES.map((state) => [state, values[state] ?? 0])) as Record<TaskState, number>;
}

function worker(workerId: string, state: WorkerInfo['state'] = 'idle'): WorkerInfo {
  return { workerId, pid: 100, state, local: true, restarts: 0, lastHeartbeat: null, lastError: null };
}

describe('tasks form', () => {
  it('writes the controls, the time range and the search box as one query', () => {
    expect(formQuery(EMPTY_TASK_FORM)).toBe('');
    expect(formQuery({ ...EMPTY_TASK_FORM, name: 'embed', worker: 'w2', range: '1h', query: ' state:failed oom ' })).toBe(
      'name:embed worker:w2 after:1h state:failed oom',
    );
    expect(formQuery({ ...EMPTY_TASK_FORM, folder: '/data/my notes', range: 'custom', after: '2025-01-31T08:00', before: '' })).toBe(
      'folder:"/data/my notes" after:2025-01-31T08:00',
    );
  });

  it('finds problems before sending and maps tabs to states', () => {
    expect(queryProblems('state:failed name:embed')).toEqual([]);
    expect(queryProblems('state:exploded')[0]).toContain('exploded');
    expect(tabStates('all')).toBeUndefined();
    expect(tabStates('failed')).toEqual(['failed']);
  });

  it('counts 0 for the states a state: term excludes, so every tab agrees with its rows', () => {
    const all = counts({ failed: 2, completed: 9, delayed: 1 });
    expect(visibleCounts(all, 'name:extract')).toEqual(all);
    expect(visibleCounts(all, 'state:failed')).toEqual(counts({ failed: 2 }));
    expect(visibleCounts(null, '')).toBeNull();
  });

  it('counts the jobs a bulk action touches within the tab', () => {
    const all = counts({ failed: 2, waiting: 3, paused: 1, delayed: 4, active: 5 });
    expect(bulkTargets('retry', all, undefined)).toBe(2);
    expect(bulkTargets('cancel', all, undefined)).toBe(8);
    expect(bulkTargets('cancel', all, ['paused'])).toBe(1);
    expect(bulkTargets('abort', all, ['failed'])).toBe(0);
    expect(bulkTargets('retry', null, undefined)).toBe(0);
  });
});

describe('task columns', () => {
  it('keeps known columns in display order, always with the job', () => {
    expect(normalizeColumns(['error', 'bogus', 'state', 'state'])).toEqual(['job', 'state', 'error']);
    expect(gridTemplate(['job', 'state'])).toBe('minmax(170px, 2fr) 110px');
    expect(rowMinWidth(['job', 'state'])).toBe(170 + 110 + 8 + 16);
  });
});

describe('workers roster', () => {
  it('lists workers that left as offline, newest first, until they have been gone a while', () => {
    const start = 1_000_000;
    let departed = updateDeparted({}, [], [worker('w1'), worker('w2')], start);
    expect(departed).toEqual({});
    departed = updateDeparted(departed, [worker('w1'), worker('w2')], [worker('w2'), worker('w3')], start + 1_000);
    departed = updateDeparted(departed, [worker('w2'), worker('w3')], [worker('w3')], start + 2_000);
    const rows = roster([worker('w3')], departed);
    expect(rows.map((row) => [row.worker.workerId, row.worker.state, row.goneAt])).toEqual([
      ['w3', 'idle', null],
      ['w2', 'offline', start + 2_000],
      ['w1', 'offline', start + 1_000],
    ]);
    // Back again: no longer departed. Gone too long: forgotten.
    expect(Object.keys(updateDeparted(departed, [worker('w3')], [worker('w3'), worker('w1')], start + 3_000))).toEqual(['w2']);
    expect(updateDeparted(departed, [worker('w3')], [worker('w3')], start + 2_000 + OFFLINE_KEPT_MS + 1)).toEqual({});
  });
});

describe('navigation', () => {
  it('reads the view from the location hash', () => {
    expect(viewOfHash('#tasks')).toBe('tasks');
    expect(viewOfHash('#/gpus')).toBe('gpus');
    expect(viewOfHash('')).toBe('search');
    expect(viewOfHash('#nowhere')).toBe('search');
    expect(viewOfHash('#folders')).toBe('folders');
  });

  it('gives a task’s detail an address of its own, and reads it back', () => {
    const ref = 'embed:e-0c37/4';
    const hash = hashOfRoute({ view: 'tasks', task: ref });
    expect(hash).toBe('tasks/embed%3Ae-0c37%2F4');
    expect(routeOfHash(`#${hash}`)).toEqual({ view: 'tasks', task: ref });
    expect(routeOfHash('#tasks')).toEqual({ view: 'tasks', task: null });
    expect(routeOfHash('#tasks/')).toEqual({ view: 'tasks', task: null });
    // Only the tasks view has task addresses; a broken escape names no task.
    expect(routeOfHash('#gpus/extract%3A1')).toEqual({ view: 'gpus', task: null });
    expect(routeOfHash('#tasks/%E0%A4%A')).toEqual({ view: 'tasks', task: null });
    expect(hashOfRoute({ view: 'search', task: null })).toBe('search');
  });
});
