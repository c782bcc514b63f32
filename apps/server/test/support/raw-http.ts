import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/** Splits what a server wrote on one connection into responses (Content-Length framed, as this server's are). */
export function parseResponses(text: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) break;
    const [statusLine = '', ...lines] = rest.slice(0, headEnd).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length'] ?? 0);
    const bodyText = Buffer.from(rest.slice(headEnd + 4), 'latin1')
      .subarray(0, length)
      .toString('utf8');
    let body: unknown = bodyText;
    try {
      body = JSON.parse(bodyText);
    } catch {
      // not JSON: kept as text
    }
    responses.push({ status: Number(statusLine.split(' ')[1]), headers, body });
    rest = rest.slice(headEnd + 4 + length);
  }
  return responses;
}

/** A raw connection to a server, to send what an HTTP client library would refuse to (or would fix). */
export class RawConnection {
  private readonly socket: net.Socket;
  private received = '';
  readonly closed: Promise<void>;

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = net.connect(Number(port), hostname);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => {
      this.received += chunk;
    });
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  write(text: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(text, (error) => (error ? reject(error) : resolve())));
  }

  /** Every response the server wrote until it closed the connection. */
  async responsesUntilClosed(): Promise<RawResponse[]> {
    await this.closed;
    return parseResponses(this.received);
  }

  responses(): RawResponse[] {
    return parseResponses(this.received);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Sends `text` on a new connection and answers what came back before the server closed it. */
export async function rawExchange(url: string, text: string | Buffer): Promise<RawResponse[]> {
  const connection = new RawConnection(url);
  await connection.write(text);
  return connection.responsesUntilClosed();
}
