import { useState, type ReactElement } from 'react';
import { useCanWrite } from '../state/app-slice';
import { modelActions } from '../state/models-slice';

/** Downloads a model from the hub by its repository name (owner/model). */
export function ModelDownloadForm(): ReactElement {
  const canWrite = useCanWrite();
  const [repo, setRepo] = useState('');
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        if (repo.trim() !== '') void modelActions.download(repo.trim(), false);
      }}
    >
      <input
        className="grow"
        data-testid="model-repo-input"
        placeholder="owner/model on the hub, e.g. BAAI/bge-small-en-v1.5"
        value={repo}
        disabled={!canWrite}
        onChange={(event) => setRepo(event.target.value)}
      />
      <button type="submit" data-testid="model-download" disabled={!canWrite || repo.trim() === ''}>
        Download
      </button>
    </form>
  );
}
