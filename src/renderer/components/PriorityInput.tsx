import type { ReactElement } from 'react';

/** BullMQ's highest priority number (lower runs first; 0 is none). */
export const MAX_PRIORITY = 2 ** 21;

/** The "priority" number field of the task actions (one task or a bulk selection). */
export function PriorityInput(props: { value: number; onChange(value: number): void; testId: string; className?: string }): ReactElement {
  return (
    <label className={props.className}>
      priority{' '}
      <input
        type="number"
        min={0}
        max={MAX_PRIORITY}
        className="number-input"
        data-testid={props.testId}
        value={props.value}
        onChange={(event) => props.onChange(Math.max(0, Math.floor(Number(event.target.value) || 0)))}
      />
    </label>
  );
}
