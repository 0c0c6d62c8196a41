/**
 * The local cloud's ports: fixed defaults so bookmarks and the mailbox links keep working
 * across restarts, each overridable by an environment variable (WARTA_PORT_WEB ...), and
 * all ephemeral (0) for tests, whose real ports then go to endpoints.json.
 */

export interface Ports {
  web: number;
  api: number;
  dynamodb: number;
  s3: number;
  ses: number;
  stepfunctions: number;
}

export const DEFAULT_PORTS: Ports = { web: 4000, api: 4001, dynamodb: 4002, s3: 4003, ses: 4004, stepfunctions: 4005 };

export const HOST = '127.0.0.1';

export function resolvePorts(requested: 'ephemeral' | Partial<Ports> | undefined, env: NodeJS.ProcessEnv = process.env): Ports {
  if (requested === 'ephemeral') return { web: 0, api: 0, dynamodb: 0, s3: 0, ses: 0, stepfunctions: 0 };
  const ports = { ...DEFAULT_PORTS };
  for (const name of Object.keys(ports) as Array<keyof Ports>) {
    const fromEnv = env[`WARTA_PORT_${name.toUpperCase()}`];
    const value = requested?.[name] ?? (fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : undefined);
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || value > 65535)
      throw new RangeError(`Port for ${name} must be 0..65535, not ${String(value)}`);
    ports[name] = value;
  }
  return ports;
}
