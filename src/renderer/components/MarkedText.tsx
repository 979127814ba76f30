import type { ReactElement } from 'react';
import type { SnippetPart } from '../format';

/** Text in parts, the matching ones marked (search snippets, previews). */
export function MarkedText({ parts }: { parts: readonly SnippetPart[] }): ReactElement {
  return <>{parts.map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}</>;
}
