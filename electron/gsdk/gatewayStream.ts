import type { ClientReadableStream } from '@grpc/grpc-js';
import type { GatewayError } from './gatewayError';

/** A server stream: iterate it; iteration ends when cancel() is called, throws GatewayError when the stream fails (gateway gone, bad frame). */
export interface GatewayStream<T> extends AsyncIterable<T> {
  cancel(): void;
}

export interface StreamHooks {
  toError(error: unknown): GatewayError;
  /** For a stream the gateway closed with OK: these streams never end by themselves. */
  endedError(): GatewayError;
  /** Called once when the stream is finished, however it finished. */
  onFinished(): void;
}

/**
 * Wraps a grpc-js server stream. A normal end without cancel() is reported as a failure because
 * status and event streams are endless: a caller that only re-subscribes on errors must not go
 * silently deaf when a gateway closes them.
 */
export class CallStream<T> implements GatewayStream<T> {
  private cancelRequested = false;
  private stopped = false;

  constructor(
    private readonly call: ClientReadableStream<T>,
    private readonly hooks: StreamHooks,
  ) {
    // Until someone iterates, an error has no listener and would crash the process.
    call.on('error', () => undefined);
  }

  cancel(): void {
    this.cancelRequested = true;
    this.stop();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    try {
      for await (const message of this.call) {
        yield message as T;
      }
    } catch (error) {
      if (this.cancelRequested) return;
      throw this.hooks.toError(error);
    } finally {
      // Also reached when the consumer breaks out of its loop: it is done with the stream.
      this.stop();
    }
    if (!this.cancelRequested) throw this.hooks.endedError();
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.call.cancel();
    this.hooks.onFinished();
  }
}
