import type { IncomingMessage } from 'node:http';

/** How much of a refused body is read (and thrown away) so its sender hears the answer: 16 MB, 10 s. */
export const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;
export const DISCARD_LIMIT_MS = 10_000;

/**
 * Reads what is left of a request body and throws it away. An answer sent while the client is still
 * sending (a 413 for a body over the limit, a 401 before the body was read) would otherwise be followed by
 * Node closing the connection with the client's bytes unread, which resets it: the client sees a broken
 * connection instead of the answer. Resolves true once the body has been read to its end, false when it
 * is larger than the bound (or slower): the connection must then close, after the answer.
 */
export function discardRestOfBody(
  request: IncomingMessage,
  limits = { bytes: DISCARD_LIMIT_BYTES, ms: DISCARD_LIMIT_MS },
): Promise<boolean> {
  if (request.complete || request.readableEnded) return Promise.resolve(true);
  if (request.destroyed) return Promise.resolve(false);
  if (Number(request.headers['content-length']) > limits.bytes) return Promise.resolve(false);
  return new Promise((resolve) => {
    let discarded = 0;
    const finish = (drained: boolean) => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > limits.bytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(request.complete);
    const timer = setTimeout(() => finish(false), limits.ms);
    request.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
    request.resume();
  });
}
