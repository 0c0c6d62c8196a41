import { vi } from 'vitest';

export interface FakeCall {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}
type Reply = { status: number; body?: unknown };

/**
 * Replaces global fetch with a router of canned answers keyed by "METHOD /path"; every
 * request is recorded so a test can assert what was (and was not) sent.
 */
export function fakeFetch(routes: Record<string, Reply | ((call: FakeCall) => Reply)>) {
  const calls: FakeCall[] = [];
  const fetchMock = vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://warta.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const call: FakeCall = {
      method,
      url: url.pathname + url.search,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>)),
    };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    const reply =
      typeof route === 'function' ? route(call) : (route ?? { status: 404, body: { error: { code: 'not-found', message: 'not found' } } });
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, posts: () => calls.filter((c) => c.method === 'POST') };
}

/** A Storage in memory, so tests never share sessionStorage. */
export function memoryStorage(initial: Record<string, string> = {}): Storage {
  const data = new Map(Object.entries(initial));
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  };
}
