import { describe, expect, it, vi } from 'vitest';

// electron cannot load in plain Node: an ipcRenderer stand-in the test can send on.
const listeners = new Map<string, (event: { ports: unknown[] }) => void>();
vi.mock('electron', () => ({
  ipcRenderer: { on: (channel: string, listener: (event: { ports: unknown[] }) => void) => listeners.set(channel, listener) },
}));

const { forwardDatabasePort } = await import('./databasePort');

describe('the database window preload', () => {
  it('forwards the port main sends into the page, as a window message', () => {
    const postMessage = vi.fn();
    forwardDatabasePort({ postMessage });
    const port = { name: 'port2' };
    listeners.get('portcullis:dbhost-port')?.({ ports: [port] });
    expect(postMessage).toHaveBeenCalledWith({ type: 'portcullis:dbhost-port' }, '*', [port]);
  });

  it('forwards nothing when the message carries no port', () => {
    const postMessage = vi.fn();
    forwardDatabasePort({ postMessage });
    listeners.get('portcullis:dbhost-port')?.({ ports: [] });
    expect(postMessage).not.toHaveBeenCalled();
  });
});
