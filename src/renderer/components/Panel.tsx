import type { ReactElement, ReactNode } from 'react';

/** A titled card; `testId` names it for tests and screenshots, and places it in the grid (styles.css). */
export function Panel({
  title,
  testId,
  actions,
  children,
}: {
  title: string;
  testId: string;
  actions?: ReactNode;
  children: ReactNode;
}): ReactElement {
  return (
    <section className="panel" data-testid={testId} aria-label={title}>
      <div className="panel-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
