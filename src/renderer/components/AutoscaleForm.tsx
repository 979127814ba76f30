import { useState, type FormEvent, type ReactElement } from 'react';
import { useCanWrite } from '../state/app-slice';
import { useAutoscale, useWorkersUi, useWorkerTarget, workerActions } from '../state/workers-slice';

/**
 * The autoscale mode: between a minimum and a maximum, the pool grows while work waits and stops
 * workers idle longer than the idle time. Choosing a worker count by hand turns it off.
 */
export function AutoscaleForm(): ReactElement {
  const current = useAutoscale();
  const { max: maxWorkers } = useWorkerTarget();
  const busy = useWorkersUi((state) => state.autoscaleBusy);
  const canWrite = useCanWrite();
  const [min, setMin] = useState(current?.enabled ? current.min : 1);
  const [max, setMax] = useState(current?.enabled ? current.max : Math.max(1, Math.min(4, maxWorkers)));
  const [idle, setIdle] = useState(Math.round((current?.idleMs ?? 60_000) / 1000));
  const enabled = current?.enabled ?? false;
  const apply = (event: FormEvent): void => {
    event.preventDefault();
    void workerActions.setAutoscale({ enabled: true, min, max, idleSeconds: idle });
  };
  const number = (value: string, fallback: number): number => {
    const parsed = Math.floor(Number(value));
    return Number.isFinite(parsed) ? parsed : fallback;
  };
  return (
    <form className="row small autoscale" onSubmit={apply} data-testid="autoscale" data-enabled={enabled}>
      <strong>Autoscale</strong>
      <span className={enabled ? 'badge worker-busy' : 'badge'} data-testid="autoscale-state">
        {enabled && current ? `on: ${current.min}–${current.max} workers, idle ${Math.round(current.idleMs / 1000)} s` : 'off'}
      </span>
      <label>
        min{' '}
        <input
          type="number"
          className="number-input"
          min={0}
          max={maxWorkers}
          data-testid="autoscale-min"
          value={min}
          onChange={(event) => setMin(number(event.target.value, min))}
        />
      </label>
      <label>
        max{' '}
        <input
          type="number"
          className="number-input"
          min={1}
          max={maxWorkers}
          data-testid="autoscale-max"
          value={max}
          onChange={(event) => setMax(number(event.target.value, max))}
        />
      </label>
      <label>
        idle after (s){' '}
        <input
          type="number"
          className="number-input"
          min={1}
          data-testid="autoscale-idle"
          value={idle}
          onChange={(event) => setIdle(number(event.target.value, idle))}
        />
      </label>
      <button type="submit" className="small-button" data-testid="autoscale-apply" disabled={!canWrite || busy || min > max}>
        {enabled ? 'Change' : 'Turn on'}
      </button>
      {enabled ? (
        <button
          type="button"
          className="small-button"
          data-testid="autoscale-off"
          disabled={!canWrite || busy}
          onClick={() => void workerActions.setAutoscale({ enabled: false, min, max, idleSeconds: idle })}
        >
          Turn off
        </button>
      ) : null}
    </form>
  );
}
