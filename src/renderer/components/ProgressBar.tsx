import type { ReactElement } from 'react';

/** A thin bar for a fraction in 0..1. */
export function ProgressBar({ fraction, label }: { fraction: number; label: string }): ReactElement {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      {/* Set through the style object (CSSOM), which a strict CSP allows, unlike a style attribute. */}
      <div className="bar-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
