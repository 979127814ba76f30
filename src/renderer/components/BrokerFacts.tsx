import type { ReactElement } from 'react';
import type { BrokerInfo } from '../../shared/monitor-types';
import { formatBytes } from '../format';
import { ProgressBar } from './ProgressBar';

/** Redis's facts (version, memory, limit, clients, load, AOF) and, when it has a limit, memory used of it. */
export function BrokerFacts({ broker }: { broker: BrokerInfo }): ReactElement {
  const limit = broker.maxMemoryBytes;
  return (
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
  );
}
