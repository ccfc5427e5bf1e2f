import WebSocket from 'ws';

/**
 * One contract request over a dev/test host's bridge, as a script makes it (no Origin): what
 * README's "drive the console headless" describes. Resolves with the result; an `ok: false`
 * answer rejects with the console's reason.
 */
export async function bridgeRequest<T>(hostUrl: string, name: string, args?: unknown): Promise<T> {
  const socket = new WebSocket(new URL('/bridge', hostUrl.replace(/^http/, 'ws')));
  try {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const answer = new Promise<{ ok: boolean; result?: T; error?: { message: string } }>((resolve) => {
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; id?: number; ok: boolean; result?: T; error?: { message: string } };
        if (message.type === 'response' && message.id === 1) resolve(message);
      });
    });
    socket.send(JSON.stringify({ type: 'request', id: 1, name, ...(args === undefined ? {} : { args }) }));
    const response = await answer;
    if (!response.ok) throw new Error(response.error?.message ?? `${name} failed`);
    return response.result as T;
  } finally {
    socket.close();
  }
}
