import type { ReactElement } from 'react';
import { useCanWrite } from '../state/app-slice';
import { useWorkersUi, useWorkerTarget, workerActions } from '../state/workers-slice';

/** The pool's size, 0 to its maximum: choosing one scales the pool (the panel's and the view's control). */
export function WorkerCountSelect({ testId }: { testId: string }): ReactElement {
  const { target, max } = useWorkerTarget();
  const scaling = useWorkersUi((state) => state.scaling);
  const canWrite = useCanWrite();
  return (
    <label className="small">
      workers{' '}
      <select
        data-testid={testId}
        value={target}
        disabled={!canWrite || scaling}
        onChange={(event) => void workerActions.scale(Number(event.target.value))}
      >
        {Array.from({ length: max + 1 }, (_, count) => (
          <option key={count} value={count}>
            {count}
          </option>
        ))}
      </select>
    </label>
  );
}
