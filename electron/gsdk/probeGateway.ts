import net from 'node:net';
import tls from 'node:tls';

/** What a plain TCP/TLS connection to the gateway learned, to explain why gRPC did not get ready. */
export type ProbeOutcome =
  | { kind: 'reachable' }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'untrusted'; reason: string }
  | { kind: 'tls-failed'; reason: string };

const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface ProbeTarget {
  host: string;
  port: number;
  /** null = plain TCP. */
  caCert: Buffer | null;
}

/**
 * gRPC only reports "failed to connect before the deadline"; one direct connection with the same
 * trust settings tells an unreachable gateway from one whose certificate we do not trust.
 */
export function probeGateway(target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = target.caCert
      ? tls.connect({
          host: target.host,
          port: target.port,
          ca: target.caCert,
          // SNI may not carry an IP address; Node then checks the certificate's IP SANs instead.
          servername: net.isIP(target.host) ? undefined : target.host,
          ALPNProtocols: ['h2'],
        })
      : net.connect({ host: target.host, port: target.port });
    const finish = (outcome: ProbeOutcome): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'unreachable', reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.once(target.caCert ? 'secureConnect' : 'connect', () => finish({ kind: 'reachable' }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (UNTRUSTED_CODES.has(code)) finish({ kind: 'untrusted', reason: `${code}: ${error.message}` });
      else if (target.caCert && (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS'))) {
        finish({ kind: 'tls-failed', reason: `${code}: ${error.message}` });
      } else finish({ kind: 'unreachable', reason: code || error.message });
    });
  });
}
