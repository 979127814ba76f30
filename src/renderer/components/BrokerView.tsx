import { useEffect, type ReactElement } from 'react';
import { formatBytes } from '../format';
import { seriesActions, useSeries } from '../state/series-slice';
import { useQueues } from '../state/workers-slice';
import { BrokerQueues } from './BrokerQueues';
import { LiveChart } from './LiveChart';
import { Panel } from './Panel';
import { ProgressBar } from './ProgressBar';

const NO_TIMES: number[] = [];
const NO_VALUES: Array<number | null> = [];

/** Redis as the queues' broker: its version, memory against the limit, clients, load, AOF; and the queues. */
export function BrokerView(): ReactElement {
  const { queues, broker } = useQueues();
  const series = useSeries((state) => state.series);
  useEffect(() => seriesActions.watch(), []);
  const oldest: Record<string, number | null> = {};
  for (const [queue, values] of Object.entries(series?.oldestWaitingMs ?? {})) oldest[queue] = values[values.length - 1] ?? null;
  const limit = broker?.maxMemoryBytes ?? 0;
  return (
    <main className="view" data-testid="view-broker">
      <Panel title="Redis" testId="panel-broker">
        {broker === null ? (
          <p className="empty" data-testid="broker-none">
            Redis has not answered yet.
          </p>
        ) : (
          <>
            <dl className="facts small" data-testid="broker-facts">
              <div data-fact="version">
                <dt>version</dt>
                <dd>
                  {broker.redisVersion}
                  {broker.external ? ' (external)' : ' (embedded)'}
                </dd>
              </div>
              <div data-fact="memory">
                <dt>memory used</dt>
                <dd>{formatBytes(broker.usedMemoryBytes)}</dd>
              </div>
              <div data-fact="peak">
                <dt>peak</dt>
                <dd>{formatBytes(broker.peakMemoryBytes)}</dd>
              </div>
              <div data-fact="limit">
                <dt>limit (maxmemory)</dt>
                <dd>{limit > 0 ? formatBytes(limit) : 'none'}</dd>
              </div>
              <div data-fact="clients">
                <dt>connected clients</dt>
                <dd>{broker.connectedClients}</dd>
              </div>
              <div data-fact="ops">
                <dt>commands per second</dt>
                <dd>{broker.opsPerSecond}</dd>
              </div>
              <div data-fact="aof">
                <dt>AOF persistence</dt>
                <dd data-testid="broker-aof">{broker.aofEnabled ? 'on' : 'off'}</dd>
              </div>
            </dl>
            {limit > 0 ? (
              <div className="small">
                <span className="muted">
                  used {formatBytes(broker.usedMemoryBytes)} and peak {formatBytes(broker.peakMemoryBytes)} of {formatBytes(limit)}
                </span>
                <ProgressBar fraction={broker.usedMemoryBytes / limit} label="Redis memory used of its limit" />
              </div>
            ) : null}
          </>
        )}
        <div className="chart-grid">
          <LiveChart
            testId="broker-chart-ops"
            title="commands/s"
            t={series?.t ?? NO_TIMES}
            series={[{ label: 'ops/s', color: '#2f6feb', values: series?.redisOpsPerSecond ?? NO_VALUES }]}
            height={100}
          />
          <LiveChart
            testId="broker-chart-memory"
            title="memory"
            t={series?.t ?? NO_TIMES}
            series={[{ label: 'used', color: '#8250df', values: series?.redisMemoryBytes ?? NO_VALUES }]}
            format={formatBytes}
            height={100}
          />
        </div>
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
