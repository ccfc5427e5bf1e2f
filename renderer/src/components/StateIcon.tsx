import type { ConnectionState, GatewayState } from '../../../shared/devices';

/**
 * One shape per state, so the state reads without colour: a tick in a disc (connected), a
 * half-filled ring (connecting), an empty ring with a bar (disconnected), an octagon with a
 * cross (cannot connect / failed), a triangle with "!" (unreachable, untrusted; out of sync), a
 * dashed ring (not checked yet).
 * Always decorative: the state's words sit next to it.
 */
export type IconShape = 'ok' | 'pending' | 'off' | 'stop' | 'warn' | 'unknown';

const connectionShapes: Record<ConnectionState, IconShape> = {
  connected: 'ok',
  connecting: 'pending',
  disconnected: 'off',
  'cannot-connect': 'stop',
};

const gatewayShapes: Record<GatewayState, IconShape> = {
  connected: 'ok',
  connecting: 'pending',
  unreachable: 'warn',
  untrusted: 'warn',
  failed: 'stop',
};

export function ShapeIcon({ shape, className }: { shape: IconShape; className?: string }) {
  return (
    <svg
      className={`icon icon-${shape}${className === undefined ? '' : ` ${className}`}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      {shape === 'ok' && (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.6 8.3 7 10.6l4.4-4.9" fill="none" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </>
      )}
      {shape === 'pending' && (
        <>
          <circle cx="8" cy="8" r="6.1" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path d="M8 1.9a6.1 6.1 0 0 1 0 12.2Z" fill="currentColor" />
        </>
      )}
      {shape === 'off' && (
        <>
          <circle cx="8" cy="8" r="6.1" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path d="M5 8h6" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </>
      )}
      {shape === 'stop' && (
        <>
          <path d="M5.1 1h5.8L15 5.1v5.8L10.9 15H5.1L1 10.9V5.1Z" fill="currentColor" />
          <path d="m5.6 5.6 4.8 4.8m0-4.8-4.8 4.8" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
        </>
      )}
      {shape === 'unknown' && <circle cx="8" cy="8" r="6.1" fill="none" stroke="currentColor" strokeWidth="1.8" strokeDasharray="2.4 2.4" />}
      {shape === 'warn' && (
        <>
          <path d="M8 1.2 15.3 14.4H.7Z" fill="currentColor" strokeLinejoin="round" />
          <path d="M8 5.8v4" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="8" cy="12.2" r="1" fill="#fff" />
        </>
      )}
    </svg>
  );
}

export function ConnectionIcon({ state }: { state: ConnectionState }) {
  return <ShapeIcon shape={connectionShapes[state]} />;
}

export function GatewayIcon({ state }: { state: GatewayState }) {
  return <ShapeIcon shape={gatewayShapes[state]} />;
}
