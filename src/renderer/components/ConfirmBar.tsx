import type { ReactElement } from 'react';

/**
 * An inline question with a Yes and a No button, in the look of the app's other confirmations
 * (the `confirm` class): only Yes acts.
 */
export function ConfirmBar({
  testId,
  question,
  yes,
  onYes,
  onNo,
  data,
}: {
  testId: string;
  question: string;
  /** The Yes button's label, saying what it does. */
  yes: string;
  onYes: () => void;
  onNo: () => void;
  /** Extra `data-*` attributes for tests. */
  data?: Readonly<Record<`data-${string}`, string>>;
}): ReactElement {
  return (
    <div className="row confirm small" data-testid={testId} {...data}>
      <span>{question}</span>
      <button type="button" className="small-button danger" data-testid={`${testId}-yes`} onClick={onYes}>
        {yes}
      </button>
      <button type="button" className="small-button" data-testid={`${testId}-no`} onClick={onNo}>
        No
      </button>
    </div>
  );
}
