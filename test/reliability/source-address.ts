/**
 * HTTP requests from a chosen loopback address (127.0.0.0/8 all reaches the local cloud on
 * 127.0.0.1), so a test is one client IP of its own: the API's per-IP limits then count
 * that test's requests alone. fetch cannot choose its local address without a dispatcher
 * package; node:http can.
 */
import { request } from 'node:http';

export interface PlainAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function requestFrom(
  localAddress: string,
  url: string,
  init: { method: string; body?: string; headers?: Record<string, string> },
): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers ?? {}, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
