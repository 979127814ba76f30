import type { ReactElement } from 'react';
import { scaleDownQuestion } from '../state/worker-confirm';
import { useWorkersUi, useWorkerTarget, workerActions } from '../state/workers-slice';
import { ConfirmBar } from './ConfirmBar';

/** The question a smaller worker count asks (chosen in WorkerCountSelect) before the pool scales down. */
export function WorkerScaleConfirm({ testId }: { testId: string }): ReactElement | null {
  const { target } = useWorkerTarget();
  const asking = useWorkersUi((state) => state.scaleAsk);
  // The pool may have shrunk meanwhile (autoscale, another monitor): then there is nothing to ask.
  if (asking === null || asking >= target) return null;
  return (
    <ConfirmBar
      testId={testId}
      data={{ 'data-count': String(asking) }}
      question={scaleDownQuestion(target, asking)}
      yes="Yes, scale down"
      onYes={() => void workerActions.scale(asking)}
      onNo={workerActions.dismissScale}
    />
  );
}
