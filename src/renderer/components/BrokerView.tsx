import { useEffect, type ReactElement } from 'react';
import { seriesActions, useSeries } from '../state/series-slice';
import { useQueues } from '../state/workers-slice';
import { BrokerCharts } from './BrokerCharts';
import { BrokerFacts } from './BrokerFacts';
import { BrokerQueues } from './BrokerQueues';
import { Panel } from './Panel';

/** Redis as the queues' broker: its version, memory against the limit, clients, load, AOF; and the queues. */
export function BrokerView(): ReactElement {
  const { queues, broker } = useQueues();
  const series = useSeries((state) => state.series);
  useEffect(() => seriesActions.watch(), []);
  const oldest: Record<string, number | null> = {};
  for (const [queue, values] of Object.entries(series?.oldestWaitingMs ?? {})) oldest[queue] = values[values.length - 1] ?? null;
  return (
    <main className="view" data-testid="view-broker">
      <Panel title="Redis" testId="panel-broker">
        {broker === null ? (
          <p className="empty" data-testid="broker-none">
            Redis has not answered yet.
          </p>
        ) : (
          <BrokerFacts broker={broker} />
        )}
        <BrokerCharts series={series} />
      </Panel>
      <Panel title="Queues" testId="panel-broker-queues">
        <BrokerQueues queues={queues} oldest={oldest} />
        <p className="muted small">
          Counts are Redis's: finished jobs leave Redis after their retention; the tasks view lists them from the history.
        </p>
      </Panel>
    </main>
  );
}
