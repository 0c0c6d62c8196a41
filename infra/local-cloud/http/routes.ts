import type { LocalRoute } from '../deployer/model.js';

/**
 * HTTP API route selection, as "Working with routes for HTTP APIs" describes: a route
 * without variables beats one with `{param}`s, which beats a greedy `{proxy+}`; a method
 * beats ANY; `$default` catches what nothing else does.
 */

export interface RouteMatch {
  route: LocalRoute;
  pathParameters: Record<string, string> | undefined;
}

interface CompiledRoute {
  route: LocalRoute;
  method: string;
  segments: string[];
  greedy: boolean;
  literals: number;
  variables: number;
}

export function compileRoutes(routes: LocalRoute[]): (method: string, path: string) => RouteMatch | undefined {
  const compiled: CompiledRoute[] = [];
  let fallback: LocalRoute | undefined;
  for (const route of routes) {
    if (route.routeKey === '$default') {
      fallback = route;
      continue;
    }
    const [method, path] = route.routeKey.split(' ') as [string, string];
    const segments = path.split('/').filter(Boolean);
    compiled.push({
      route,
      method: method.toUpperCase(),
      segments,
      greedy: segments.at(-1)?.endsWith('+}') ?? false,
      literals: segments.filter((s) => !s.startsWith('{')).length,
      variables: segments.filter((s) => s.startsWith('{')).length,
    });
  }
  // Most specific first; the sort is stable, so template order breaks the remaining ties.
  compiled.sort(
    (a, b) =>
      Number(a.greedy) - Number(b.greedy) ||
      a.variables - b.variables ||
      b.literals - a.literals ||
      Number(a.method === 'ANY') - Number(b.method === 'ANY'),
  );

  return (method, path) => {
    const parts = path.split('/').filter(Boolean);
    for (const candidate of compiled) {
      if (candidate.method !== 'ANY' && candidate.method !== method.toUpperCase()) continue;
      const parameters = matchSegments(candidate, parts);
      if (parameters) return { route: candidate.route, pathParameters: Object.keys(parameters).length ? parameters : undefined };
    }
    return fallback ? { route: fallback, pathParameters: undefined } : undefined;
  };
}

function matchSegments(candidate: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  const { segments, greedy } = candidate;
  if (greedy ? parts.length < segments.length : parts.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (greedy && i === segments.length - 1) {
      parameters[segment.slice(1, -2)] = decode(parts.slice(i).join('/'));
      return parameters;
    }
    if (segment.startsWith('{')) parameters[segment.slice(1, -1)] = decode(parts[i]!);
    else if (segment !== parts[i]) return undefined;
  }
  return parameters;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
