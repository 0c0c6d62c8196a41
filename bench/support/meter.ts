/**
 * A counting tap on the local cloud's HTTP servers, for the cost benchmark. Every emulator
 * runs in this process, so instead of a proxy in front of each (which would mean changing
 * the endpoints the functions get) the tap wraps http.Server's `request` event: it sees
 * each request the functions and the driver make, the request body as it is read and the
 * response body as it is written, without changing either.
 */
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface Exchange {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  requestBytes: number;
  responseBytes: number;
  /** From the request's arrival to the end of its answer. */
  ms?: number;
  status: number;
  /** Bodies, kept only for the servers asked to (DynamoDB: JSON). */
  requestBody?: string;
  responseBody?: string;
}

export interface Tap {
  /** Starts recording the server at this URL; bodies too if asked. */
  watch(url: string, name: string, options?: { bodies?: boolean }): void;
  /** Recorded exchanges of a server since the last reset. */
  exchanges(name: string): Exchange[];
  reset(): void;
  uninstall(): void;
}

export function installTap(): Tap {
  const watched = new Map<number, { name: string; bodies: boolean }>();
  const recorded = new Map<string, Exchange[]>();
  const original = Server.prototype.emit;

  const record = (name: string, bodies: boolean, req: IncomingMessage, res: ServerResponse) => {
    const exchange: Exchange = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      requestBytes: 0,
      responseBytes: 0,
      status: 0,
      ms: 0,
    };
    const arrived = performance.now();
    const requestChunks: Buffer[] = [];
    const responseChunks: Buffer[] = [];
    // Every chunk a consumer reads passes through emit('data'), paused or flowing.
    const emitData = req.emit;
    req.emit = function (this: IncomingMessage, event: string | symbol, ...args: unknown[]) {
      if (event === 'data') {
        const chunk = Buffer.from(args[0] as Buffer);
        exchange.requestBytes += chunk.length;
        if (bodies) requestChunks.push(chunk);
      }
      return emitData.call(this, event, ...args);
    } as typeof req.emit;
    const write = res.write;
    const end = res.end;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array);
      exchange.responseBytes += buffer.length;
      if (bodies) responseChunks.push(buffer);
    };
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      keep(chunk, rest[0]);
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;
    res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      keep(chunk, rest[0]);
      return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    } as typeof res.end;
    res.once('finish', () => {
      exchange.status = res.statusCode;
      exchange.ms = performance.now() - arrived;
      if (bodies) {
        exchange.requestBody = Buffer.concat(requestChunks).toString('utf8');
        const raw = Buffer.concat(responseChunks);
        const gzipped = String(res.getHeader('content-encoding') ?? '').includes('gzip');
        exchange.responseBody = (gzipped ? gunzipSync(raw) : raw).toString('utf8');
      }
      const list = recorded.get(name) ?? [];
      list.push(exchange);
      recorded.set(name, list);
    });
  };

  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const address = this.address();
      const entry = address && typeof address === 'object' ? watched.get(address.port) : undefined;
      if (entry) record(entry.name, entry.bodies, args[0] as IncomingMessage, args[1] as ServerResponse);
    }
    return (original as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof Server.prototype.emit;

  return {
    watch(url, name, options = {}) {
      watched.set(Number(new URL(url).port), { name, bodies: options.bodies ?? false });
    },
    exchanges: (name) => recorded.get(name) ?? [],
    reset: () => recorded.clear(),
    uninstall: () => {
      Server.prototype.emit = original;
    },
  };
}
