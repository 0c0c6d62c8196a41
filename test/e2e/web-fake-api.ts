/**
 * Serves the built web app (web/dist) and a small scripted stand-in for the HTTP API and
 * the uploads bucket, on 127.0.0.1 at an ephemeral port, for the browser tests of the
 * web app. It follows the API contract in DESIGN.md; the real API is tested elsewhere.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** The site's policy (infra/cdk/constructs/site.ts), with this one origin for API and bucket. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export interface FakeApi {
  origin: string;
  server: Server;
  /** Every API request, for assertions: method, path and JSON body. */
  requests: { method: string; path: string; body: unknown }[];
  /** Part bytes received per upload id. */
  parts: Map<string, number[]>;
  /** Task pages by link id: the GET body, or a status code for spent/unknown links. */
  tasks: Map<string, unknown>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startFakeApi(distDir: string): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  const parts = new Map<string, number[]>();
  const tasks = new Map<string, unknown>();
  let uploads = 0;
  let origin = '';

  async function api(req: IncomingMessage, res: ServerResponse, path: string) {
    const raw = await readBody(req);
    const body: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    requests.push({ method: req.method ?? 'GET', path, body });
    const [, , resource, id, tail] = path.split('?')[0]!.split('/');
    if (req.method === 'POST' && resource === 'uploads' && !id) {
      const { size } = body as { size: number };
      const uploadId = `01JWEB${String(++uploads).padStart(20, '0')}`;
      const partSize = 64 * 1024; // small parts, so the photo goes in several pieces
      const count = Math.max(1, Math.ceil(size / partSize));
      const urls = Array.from({ length: count }, (_, i) => ({ partNumber: i + 1, url: `${origin}/bucket/${uploadId}/${i + 1}` }));
      return json(res, 201, { uploadId, partSize, parts: urls });
    }
    if (req.method === 'POST' && resource === 'uploads' && tail === 'complete') {
      return json(res, 200, {
        uploadId: id,
        contentType: 'application/octet-stream',
        size: (parts.get(id!) ?? []).reduce((a, b) => a + b, 0),
      });
    }
    if (req.method === 'POST' && resource === 'releases') {
      return json(res, 201, {
        id: 'rel-web-1',
        agendaNumber: '1/400.14/IKP/2026',
        statusKey: 'status-key-1',
        statusUrl: `${origin}/s/rel-web-1#status-key-1`,
      });
    }
    if (req.method === 'GET' && resource === 'releases' && id === HELD_STATUS.id) return json(res, 200, HELD_STATUS);
    if (req.method === 'GET' && resource === 'releases') return json(res, 200, STATUS);
    // A real challenge (little work), so the widget in the page solves it as it does on AWS.
    if (req.method === 'GET' && resource === 'challenge') {
      return json(
        res,
        200,
        await createChallenge({
          algorithm: 'PBKDF2/SHA-256',
          cost: 100,
          counter: 50,
          deriveKey,
          hmacSignatureSecret: 'fake-api',
          expiresAt: new Date(Date.now() + 600_000),
        }),
      );
    }
    // The page sends the link id in a header (`/api/task`); older pages put it in the path.
    const linkId = resource === 'task' ? req.headers['x-warta-link'] : resource === 'tasks' ? id : undefined;
    if (typeof linkId === 'string' && linkId) {
      const task = tasks.get(linkId);
      if (typeof task === 'number')
        return json(res, task, { error: { code: 'gone', message: 'Tautan ini sudah dipakai pada 20 Nov 2026 oleh Kepala Bidang.' } });
      if (!task) return json(res, 404, { error: { code: 'not-found', message: 'Tautan tugas tidak dikenal.' } });
      return req.method === 'POST' ? json(res, 200, { ok: true }) : json(res, 200, task);
    }
    return json(res, 404, { error: { code: 'not-found', message: 'not found' } });
  }

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    void (async () => {
      if (path.startsWith('/api/')) return api(req, res, path);
      if (path === '/config.json')
        return json(res, 200, {
          apiUrl: origin,
          siteUrl: `${origin}/news`,
          privacy: { contact: 'ppid@kominfo.example.go.id', removeAfterDays: 90, archiveYears: 10 },
        });
      if (req.method === 'PUT' && path.startsWith('/bucket/')) {
        const [, , uploadId, partNumber] = path.split('/');
        const bytes = await readBody(req);
        const list = parts.get(uploadId!) ?? [];
        list[Number(partNumber) - 1] = bytes.length;
        parts.set(uploadId!, list);
        res.writeHead(200, { etag: `"part-${partNumber}"` }).end();
        return;
      }
      // Static files; every other address is the single-page app.
      const file = normalize(join(distDir, path.split('?')[0]!));
      const inside = file.startsWith(distDir) && extname(file) !== '';
      const content = await readFile(inside ? file : join(distDir, 'index.html')).catch(() => undefined);
      if (!content) return void res.writeHead(404).end();
      res
        .writeHead(200, {
          'content-type': TYPES[extname(inside ? file : 'index.html')] ?? 'application/octet-stream',
          'content-security-policy': CSP,
        })
        .end(content);
    })().catch((error: unknown) => json(res, 500, { error: { code: 'test-server', message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, server, requests, parts, tasks, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A submission whose sender has not yet followed the confirmation link: nothing registered. */
const HELD_STATUS = {
  id: 'rel-held-1',
  status: 'awaiting-confirmation',
  agendaNumber: null,
  title: 'Rapat koordinasi',
  receivedAt: '2026-06-01T01:00:00.000Z',
  confirmBy: '2026-06-02T01:00:00.000Z',
  deleteAt: '2026-06-03T01:00:00.000Z',
  currentStage: null,
  timeline: [],
  senderMails: [],
};

const STATUS = {
  id: 'rel-web-1',
  agendaNumber: '1/400.14/IKP/2026',
  status: 'in-progress',
  title: 'Peresmian Jembatan Desa Kao',
  currentStage: { id: 'dispose', label: { id: 'Disposisi Kabid', en: 'Disposition' } },
  timeline: [
    {
      stageId: 'register',
      label: { id: 'Registrasi', en: 'Registration' },
      startedAt: '2026-11-20T01:00:00Z',
      finishedAt: '2026-11-20T01:07:00Z',
      minutes: 7,
      mutuBakuMinutes: 10,
      withinStandard: true,
    },
    {
      stageId: 'dispose',
      label: { id: 'Disposisi Kabid', en: 'Disposition' },
      startedAt: '2026-11-20T01:07:00Z',
      minutes: 4,
      mutuBakuMinutes: 15,
    },
    { stageId: 'accept', label: { id: 'Diterima Kasi', en: 'Accepted' }, mutuBakuMinutes: 15 },
  ],
  publication: null,
  rejection: null,
};
