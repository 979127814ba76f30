import { useState, type DragEvent, type FormEvent, type ReactElement } from 'react';
import { hostBridge } from '../state/api-ref';
import { useApp, useCanWrite } from '../state/app-slice';
import { folderActions, useFoldersUi, type DroppedItem } from '../state/folders-slice';

/** The drop zone, the path field (the only way in the web page) and, on the desktop, a picker. */
export function AddFolder(): ReactElement {
  const [path, setPath] = useState('');
  const [over, setOver] = useState(false);
  const adding = useFoldersUi((state) => state.adding);
  const error = useFoldersUi((state) => state.addError);
  const desktop = useApp((state) => state.desktop);
  const canWrite = useCanWrite();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void folderActions.add(path).then((ok) => ok && setPath(''));
  };
  const drop = (event: DragEvent): void => {
    event.preventDefault();
    setOver(false);
    if (canWrite) void folderActions.addDropped(droppedItems(event.dataTransfer));
  };
  const pick = async (): Promise<void> => {
    const picked = await hostBridge()?.pickFolder();
    if (picked != null) await folderActions.add(picked);
  };

  return (
    <div
      className={over ? 'dropzone dropzone-over' : 'dropzone'}
      data-testid="drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <p className="muted">
        {desktop ? 'Drop folders here, pick one, or type a path.' : "Type or paste a folder's path on the server's machine."}
      </p>
      <form className="row" onSubmit={submit}>
        <input
          type="text"
          className="grow"
          placeholder="/path/to/folder"
          aria-label="Folder path"
          data-testid="add-folder-input"
          value={path}
          disabled={!canWrite}
          onChange={(event) => {
            setPath(event.target.value);
            if (error !== null) folderActions.clearError();
          }}
        />
        <button type="submit" data-testid="add-folder-submit" disabled={!canWrite || adding || path.trim() === ''}>
          {adding ? 'Adding…' : 'Add folder'}
        </button>
        {desktop ? (
          <button type="button" data-testid="pick-folder" disabled={!canWrite || adding} onClick={() => void pick()}>
            Choose…
          </button>
        ) : null}
      </form>
      {error !== null ? (
        <p className="error" role="alert" data-testid="add-folder-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** What was dropped: names, kinds, and paths where the desktop host can name them. */
function droppedItems(transfer: DataTransfer): DroppedItem[] {
  const bridge = hostBridge();
  const items: DroppedItem[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    const file = item.getAsFile();
    const name = entry?.name ?? file?.name ?? 'item';
    items.push({
      name,
      isDirectory: entry?.isDirectory === true,
      path: bridge !== null && file !== null ? bridge.pathForFile(file) : null,
    });
  }
  return items;
}
