import { describe, expect, it } from 'vitest';
import { buildTrayTemplate, type TrayActions, type TrayMenuItem, type TrayState } from '../../src/main/electron/tray-template';

function recorder(): { actions: TrayActions; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      scale: (count) => calls.push(`scale ${count}`),
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      showWindow: () => calls.push('show'),
      openWebMonitor: () => calls.push('web'),
      showLogs: () => calls.push('logs'),
      quit: () => calls.push('quit'),
    },
  };
}
const state: TrayState = { targetWorkers: 2, maxWorkers: 4, paused: false, indexing: 1 };
const byLabel = (items: TrayMenuItem[], label: string): TrayMenuItem => {
  const item = items.find((one) => one.label?.startsWith(label));
  if (item === undefined) throw new Error(`no item ${label}`);
  return item;
};

describe('buildTrayTemplate', () => {
  it('offers radio items 0..max with the current count checked, each scaling to its count', () => {
    const { actions, calls } = recorder();
    const workers = byLabel(buildTrayTemplate(state, actions), 'Workers (2)');
    expect(workers.type).toBe('submenu');
    const radios = workers.submenu ?? [];
    expect(radios.map((item) => item.label)).toEqual(['0', '1', '2', '3', '4']);
    expect(radios.every((item) => item.type === 'radio')).toBe(true);
    expect(radios.filter((item) => item.checked).map((item) => item.label)).toEqual(['2']);
    radios[0]?.click?.();
    radios[4]?.click?.();
    expect(calls).toEqual(['scale 0', 'scale 4']);
  });

  it('offers pause while running and resume while paused', () => {
    const { actions, calls } = recorder();
    const running = buildTrayTemplate(state, actions);
    expect(running.some((item) => item.label === 'Resume all queues')).toBe(false);
    byLabel(running, 'Pause all queues').click?.();
    const paused = buildTrayTemplate({ ...state, paused: true }, actions);
    expect(paused.some((item) => item.label === 'Pause all queues')).toBe(false);
    byLabel(paused, 'Resume all queues').click?.();
    expect(calls).toEqual(['pause', 'resume']);
    expect(paused[0]).toEqual({ label: 'Semantik: paused, 2 workers', enabled: false });
  });

  it('has show window, open web monitor and quit, wired to their actions', () => {
    const { actions, calls } = recorder();
    const items = buildTrayTemplate(state, actions);
    byLabel(items, 'Show window').click?.();
    byLabel(items, 'Open web monitor').click?.();
    byLabel(items, 'Quit').click?.();
    expect(calls).toEqual(['show', 'web', 'quit']);
    expect(items[items.length - 1]?.label).toBe('Quit Semantik');
    expect(items[0]?.label).toBe('Semantik: indexing 1 folder, 2 workers');
  });

  it('has show logs after the web monitor, wired to its action', () => {
    const { actions, calls } = recorder();
    const items = buildTrayTemplate(state, actions);
    const labels = items.map((item) => item.label);
    expect(labels.indexOf('Show logs')).toBe(labels.indexOf('Open web monitor') + 1);
    byLabel(items, 'Show logs').click?.();
    expect(calls).toEqual(['logs']);
  });

  it('clamps a target above the maximum and handles a maximum of 0', () => {
    const { actions } = recorder();
    const over = byLabel(buildTrayTemplate({ ...state, targetWorkers: 9 }, actions), 'Workers');
    expect(over.submenu?.filter((item) => item.checked).map((item) => item.label)).toEqual(['4']);
    const none = byLabel(buildTrayTemplate({ targetWorkers: 0, maxWorkers: 0, paused: false, indexing: 0 }, actions), 'Workers (0)');
    expect(none.submenu?.map((item) => [item.label, item.checked])).toEqual([['0', true]]);
  });
});
