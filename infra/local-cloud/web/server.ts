import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { ErrorPage } from '../deployer/site.js';

/**
 * The local CloudFront: what the distribution serves on AWS, from the same sources. On AWS
 * the site bucket holds the web app (BucketDeployment of the web app asset plus config.json) and the
 * newsroom (`berita/**`, written by the publish function), and a viewer-request function
 * sends /t/*, /s/*, /v/*, /masuk and /meja/* to index.html and `…/` to `…/index.html`. Locally the web app comes
 * from that asset in cdk.out, config.json is generated with the local URLs, and everything else —
 * the newsroom first of all — is read from the site bucket through s3rver. Every response
 * carries the headers of the distribution's response headers policy, and a miss gets the
 * distribution's error page for the 403 that S3 answers a missing key with.
 */

export interface WebOptions {
  webDist: string;
  s3Url: string;
  siteBucket(): string | undefined;
  config(): { apiUrl: string; siteUrl: string; privacy?: unknown };
  securityHeaders(): Record<string, string>;
  /** The distribution's custom error pages (deployer/site.ts); none: a plain 404. */
  errorPages?(): ErrorPage[];
  /** Requests under /api/ go to the local API too, for clients that expect one origin. */
  api?(request: IncomingMessage, response: ServerResponse): void;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
  '.pdf': 'application/pdf',
};

/** The distribution's viewer-request function, as synthesized (SiteSpaRoutes). */
export function rewriteUri(uri: string): string {
  if (
    uri === '/t' ||
    uri === '/s' ||
    uri === '/k' ||
    uri === '/masuk' ||
    uri === '/meja' ||
    uri.startsWith('/t/') ||
    uri.startsWith('/s/') ||
    uri.startsWith('/k/') ||
    uri.startsWith('/v/') ||
    uri.startsWith('/masuk/') ||
    uri.startsWith('/meja/')
  )
    return '/index.html';
  if (uri.endsWith('/')) return `${uri}index.html`;
  return uri;
}

export function createWebHandler(options: WebOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) plain(response, 502, 'Bad gateway', options.securityHeaders());
      else response.destroy();
    });
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://local');
    if (options.api && (url.pathname === '/api' || url.pathname.startsWith('/api/'))) {
      options.api(request, response);
      return;
    }
    const headers = options.securityHeaders();
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'Method not allowed', headers);
    let path: string;
    try {
      path = decodeURIComponent(rewriteUri(url.pathname));
    } catch {
      return plain(response, 400, 'Bad request', headers);
    }
    if (path === '/config.json') {
      const body = JSON.stringify(options.config());
      response.writeHead(200, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    if (!path.startsWith('/berita/') && serveFile(options.webDist, path, request, response, headers)) return;
    if (await serveObject(path.slice(1), request, response, headers)) return;
    if (path === '/index.html' && !existsSync(join(options.webDist, 'index.html'))) {
      return plain(
        response,
        503,
        'The web app is not built: run `npx cdk synth` (npm start does it when the sources changed), which builds it into cdk.out.',
        headers,
      );
    }
    // On AWS the S3 origin answers a key it does not have with 403 (the distribution may not
    // list the bucket), and the distribution's error response for it decides what is shown.
    const page = options.errorPages?.().find((p) => p.httpStatus === 403) ?? options.errorPages?.().find((p) => p.httpStatus === 404);
    if (page && page.pagePath !== path) {
      if (serveFile(options.webDist, page.pagePath, request, response, headers, page.responseCode)) return;
      if (await serveObject(page.pagePath.slice(1), request, response, headers, page.responseCode)) return;
    }
    plain(response, 404, 'Not found / Tidak ditemukan', headers);
  }

  async function serveObject(
    key: string,
    request: IncomingMessage,
    response: ServerResponse,
    headers: Record<string, string>,
    status = 200,
  ): Promise<boolean> {
    const bucket = options.siteBucket();
    if (!bucket || !key) return false;
    const object = await fetch(`${options.s3Url}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`, {
      method: request.method,
    });
    if (!object.ok) return false;
    const out: Record<string, string> = { ...headers };
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control']) {
      const value = object.headers.get(name);
      if (value) out[name] = value;
    }
    response.writeHead(status, out);
    if (request.method === 'HEAD' || !object.body) response.end();
    else Readable.fromWeb(object.body as import('node:stream/web').ReadableStream).pipe(response);
    return true;
  }
}

function serveFile(
  root: string,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
  status = 200,
): boolean {
  const file = normalize(join(root, path));
  if (!file.startsWith(normalize(root) + sep)) return false;
  if (!existsSync(file)) return false;
  const stat = statSync(file);
  if (!stat.isFile()) return false;
  response.writeHead(status, {
    ...headers,
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(stat.size),
    // Vite's hashed assets never change; the entry page and everything else is revalidated.
    'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
  return true;
}

function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string>) {
  response.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(text);
}
