import type { ReactElement } from 'react';
import { useCanWrite } from '../state/app-slice';
import { useWorkersUi, useWorkerTarget, workerActions } from '../state/workers-slice';

/**
 * The pool's size, 0 to its maximum (the panel's and the view's control): more workers start at
 * once; fewer wait for WorkerScaleConfirm's Yes, since workers stop and their jobs are handed back.
 */
export function WorkerCountSelect({ testId }: { testId: string }): ReactElement {
  const { target, max } = useWorkerTarget();
  const scaling = useWorkersUi((state) => state.scaling);
  const asking = useWorkersUi((state) => state.scaleAsk);
  const canWrite = useCanWrite();
  return (
    <label className="small">
      workers{' '}
      <select
        data-testid={testId}
        // The count being asked about shows until it is confirmed or dismissed.
        value={asking !== null && asking < target ? asking : target}
        disabled={!canWrite || scaling}
        onChange={(event) => workerActions.choose(Number(event.target.value), target)}
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
