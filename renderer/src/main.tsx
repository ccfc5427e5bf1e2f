// First: configures zod before any schema is created (see zodSetup.ts).
import './zodSetup';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectConsole } from './api/consoleApi';
import { ConsoleContext, type ConsoleContextValue } from './app/ConsoleContext';
import { startConsoleSync } from './app/consoleSync';
import { App } from './components/App';
import { devicesStore } from './stores/devicesStore';
import { gatewaysStore } from './stores/gatewaysStore';
import { sessionStore } from './stores/sessionStore';

const connection = connectConsole();
const sync = startConsoleSync({
  api: connection.api,
  link: connection.link,
  devices: devicesStore,
  gateways: gatewaysStore,
  session: sessionStore,
});

const context: ConsoleContextValue = {
  api: connection.api,
  link: connection.link,
  shell: connection.shell,
  refresh: () => sync.refresh(),
};

const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('index.html lacks #root');
createRoot(rootElement).render(
  <StrictMode>
    <ConsoleContext value={context}>
      <App />
    </ConsoleContext>
  </StrictMode>,
);
