// First: configures zod before any schema is created (see zodSetup.ts).
import './zodSetup';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectConsole } from './api/consoleApi';
import { ConsoleContext, type ConsoleContextValue } from './app/ConsoleContext';
import { startConsoleSync } from './app/consoleSync';
import { followOperatorSession } from './app/operatorSession';
import { OperatorGate } from './components/operators/OperatorGate';
import { MasterDataContext } from './data/MasterDataContext';
import { openMasterDatabase } from './data/masterDb';
import { createMasterDataReader } from './data/masterReader';
import { devicesStore } from './stores/devicesStore';
import { gatewaysStore } from './stores/gatewaysStore';
import { operatorStore } from './stores/operatorStore';
import { sessionStore } from './stores/sessionStore';

const connection = connectConsole();
const sync = startConsoleSync({
  api: connection.api,
  link: connection.link,
  devices: devicesStore,
  gateways: gatewaysStore,
  session: sessionStore,
});

// Who is at this window (first start, signed out, locked, signed in): the core withholds its
// events and refuses requests until someone signs in, so the lists are read again then.
followOperatorSession({ api: connection.api, link: connection.link, store: operatorStore, onSignedIn: () => sync.refresh() });

const context: ConsoleContextValue = {
  api: connection.api,
  link: connection.link,
  shell: connection.shell,
  refresh: () => sync.refresh(),
};

// Read-only: the database host writes the master copy; this window reads it (data/masterDb.ts).
const masterData = createMasterDataReader(openMasterDatabase());

const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('index.html lacks #root');
createRoot(rootElement).render(
  <StrictMode>
    <ConsoleContext value={context}>
      <MasterDataContext value={masterData}>
        <OperatorGate />
      </MasterDataContext>
    </ConsoleContext>
  </StrictMode>,
);
