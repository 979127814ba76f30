/**
 * The renderer's entry: picks the host's API (IPC or WebSocket), starts the slices, renders.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SemantikError } from '../shared/errors';
import { pickHost } from './api/host-bridge';
import { AppRoot } from './components/AppRoot';
import { Layout } from './components/Layout';
import { startApp } from './state/start';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new SemantikError('INTERNAL', 'index.html has no #root element');

// startApp installs the API synchronously before its first await, so panels may call it on mount.
void startApp(pickHost());
createRoot(container).render(
  <StrictMode>
    <AppRoot>
      <Layout />
    </AppRoot>
  </StrictMode>,
);
