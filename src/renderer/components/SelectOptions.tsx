import type { ReactElement } from 'react';

/** A select's options: one for each value, showing the value itself. */
export function SelectOptions({ values }: { values: readonly string[] }): ReactElement {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {value}
        </option>
      ))}
    </>
  );
}
