import { useEffect, useRef, type ReactElement } from 'react';
import type { DocumentPreview, PreviewChunk } from '../../shared/monitor-types';
import { markTerms, placeText, queryTerms } from '../state/search-results';
import { useSearch } from '../state/search-slice';
import { MarkedText } from './MarkedText';

/** One stored chunk of the previewed document, the query's words marked; the target one stands out. */
function PreviewChunkText({ chunk, terms }: { chunk: PreviewChunk; terms: readonly string[] }): ReactElement {
  const ref = useRef<HTMLDivElement>(null);
  // The passage asked for is scrolled to the top of the pane's own scroller, whatever its
  // neighbours' length; the page itself does not move (scrollIntoView would scroll it too).
  useEffect(() => {
    const element = ref.current;
    const box = element?.parentElement;
    if (!chunk.target || !element || !box) return;
    box.scrollTop += element.getBoundingClientRect().top - box.getBoundingClientRect().top;
  }, [chunk.target]);
  const place = placeText(chunk);
  return (
    <div
      ref={ref}
      className={chunk.target ? 'preview-chunk preview-target' : 'preview-chunk'}
      data-testid="preview-chunk"
      data-target={chunk.target}
    >
      {chunk.heading !== null || place !== '' ? (
        <div className="small muted">{[chunk.heading, place].filter((part) => part !== null && part !== '').join(' · ')}</div>
      ) : null}
      <p className="preview-text">
        <MarkedText parts={markTerms(chunk.text, terms)} />
      </p>
    </div>
  );
}

/** The document's text around the passage: the chunk that holds it and its neighbours. */
function PreviewBody({ preview, query }: { preview: DocumentPreview; query: string }): ReactElement {
  const terms = queryTerms(query);
  return (
    <>
      <div className="preview-head">
        <span className="path" data-testid="preview-path">
          {preview.path}
        </span>
        {preview.page !== null ? <span className="small muted">page {preview.page}</span> : null}
      </div>
      <div className="preview-chunks" data-testid="preview-chunks">
        {preview.chunks.map((chunk) => (
          <PreviewChunkText key={chunk.chunkIndex} chunk={chunk} terms={terms} />
        ))}
      </div>
    </>
  );
}

/** The preview pane beside the results: the stored text of the chosen passage, read where you are. */
export function SearchPreview(): ReactElement {
  const preview = useSearch((state) => state.preview);
  const query = useSearch((state) => state.query);
  return (
    <section className="panel search-preview" data-testid="search-preview" data-status={preview.status} aria-label="Preview">
      <div className="panel-head">
        <h2>Preview</h2>
      </div>
      {preview.status === 'none' ? <p className="muted">Choose a result (click it, or use ↑ ↓ and Enter) to read it here.</p> : null}
      {preview.status === 'loading' ? <p className="muted">Loading the passage…</p> : null}
      {preview.status === 'error' ? (
        <p className="error" role="alert" data-testid="preview-error">
          {preview.message}
        </p>
      ) : null}
      {preview.status === 'ready' ? <PreviewBody preview={preview.preview} query={query} /> : null}
    </section>
  );
}
