import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/*
 * Who may use the control API: programs on this machine (the console, tests, benchmarks, curl),
 * never a web page. The desktop console runs the virtual site, and so this API, by default; in
 * the modes that pull users enrolled at a device into the master copy, a user enrolled here
 * reaches every device, real ones included. A page in the operator's browser could otherwise
 * post to it (a cross-site form or a no-cors fetch needs no CORS answer), or read the devices'
 * users through a DNS name rebound to 127.0.0.1.
 */

/** Why the request is refused, or null when it may go on. `boundHost`: where the server listens. */
export function controlRequestRefusal(headers: IncomingHttpHeaders, boundHost: string): string | null {
  // Browsers send Origin with every request that is not a plain GET or HEAD, and with every
  // cross-origin fetch; programs do not.
  if (headers.origin !== undefined) return `the control API does not answer web pages (Origin ${headers.origin.slice(0, 100)})`;
  // A server bound to a loopback address is reached by its loopback name; any other Host is a
  // name someone pointed at this machine. (Bound elsewhere on purpose, --host, it is not checked.)
  if (isLoopback(boundHost) && !isLoopback(hostnameOf(headers.host))) {
    return `Host "${(headers.host ?? '').slice(0, 100)}" is not this machine's loopback address: only programs on this machine may use the control API`;
  }
  return null;
}

function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  try {
    return new URL(`http://${host}`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return '';
  }
}

function isLoopback(name: string): boolean {
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}
