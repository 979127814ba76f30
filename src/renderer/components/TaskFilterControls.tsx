import type { ReactElement } from 'react';
import { QUEUES, SYSTEM_JOBS } from '../../shared/jobs';
import { useSnapshotShallow } from '../state/monitor-slice';
import { taskActions, useTasks } from '../state/tasks-slice';
import { SelectOptions } from './SelectOptions';
import { TaskFilterRange } from './TaskFilterRange';

const JOB_NAMES = ['scan', 'extract', 'embed', 'ingest', SYSTEM_JOBS.ping, SYSTEM_JOBS.cleanup, SYSTEM_JOBS.sleep];
const NO_NAMES: string[] = [];
/** Typed filters apply once typing pauses this long. */
const TYPING_DELAY_MS = 300;

/** A filter chosen from a list, or "any". */
function AnySelect({
  label,
  field,
  values,
  value,
  grow = false,
}: {
  label: string;
  field: 'name' | 'queue' | 'folder';
  values: readonly string[];
  value: string;
  grow?: boolean;
}): ReactElement {
  return (
    <label className={grow ? 'grow' : undefined}>
      {label}{' '}
      <select
        data-testid={`task-filter-${field}`}
        value={value}
        onChange={(event) => taskActions.setControls({ [field]: event.target.value })}
      >
        <option value="">any</option>
        <SelectOptions values={values} />
      </select>
    </label>
  );
}

/** The tasks view's filter controls, each applied at once (typed ones when typing pauses). */
export function TaskFilterControls(): ReactElement {
  const form = useTasks((state) => state.form);
  const folders = useSnapshotShallow((snapshot) => snapshot.folders.map((folder) => folder.path), NO_NAMES);
  const workers = useSnapshotShallow((snapshot) => snapshot.workers.map((worker) => worker.workerId), NO_NAMES);
  return (
    <div className="row small">
      <AnySelect label="type" field="name" values={JOB_NAMES} value={form.name} />
      <AnySelect label="queue" field="queue" values={QUEUES} value={form.queue} />
      <AnySelect label="folder" field="folder" values={folders} value={form.folder} grow />
      <label>
        worker{' '}
        <input
          type="text"
          size={5}
          list="task-worker-ids"
          data-testid="task-filter-worker"
          value={form.worker}
          onChange={(event) => taskActions.setControls({ worker: event.target.value }, TYPING_DELAY_MS)}
        />
        <datalist id="task-worker-ids">
          {workers.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
      </label>
      <label>
        device{' '}
        <input
          type="text"
          size={6}
          placeholder="cpu, sim"
          data-testid="task-filter-device"
          value={form.device}
          onChange={(event) => taskActions.setControls({ device: event.target.value }, TYPING_DELAY_MS)}
        />
      </label>
      <TaskFilterRange form={form} />
    </div>
  );
}
