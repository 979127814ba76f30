import type { ReactElement } from 'react';

/** A titled, collapsible block of JSON (a job's data, options, progress or result). */
export function JsonBlock({
  title,
  value,
  testId,
  open = false,
}: {
  title: string;
  value: unknown;
  testId: string;
  open?: boolean;
}): ReactElement {
  const text = value === undefined || value === null ? 'none' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <details className="json-block" data-testid={testId} open={open}>
      <summary>{title}</summary>
      <pre className="pre">{text}</pre>
    </details>
  );
}
