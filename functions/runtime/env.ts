/**
 * Configuration from the environment, read once per container (cold start) and cached.
 * A missing variable fails loudly, naming it, instead of surfacing later as `undefined`.
 */
import { createHash } from 'node:crypto';
import { parseConfig, type WartaConfig } from '#domain/config.js';
import { decodeConfigText } from '#contract/config-text.js';
import { ENV } from '#contract/handlers.js';

const cache = new Map<string, string>();

export class MissingEnv extends Error {
  override name = 'MissingEnv';
}

/** The value of a required environment variable. */
export function env(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const value = process.env[name];
  if (value === undefined || value === '') throw new MissingEnv(`environment variable ${name} is not set`);
  cache.set(name, value);
  return value;
}

/** An optional variable (e.g. SES_CONFIGURATION_SET, absent on the local cloud). */
export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

let parsedConfig: WartaConfig | undefined;

/**
 * The office configuration from WARTA_CONFIG. Synth validated it and gave its SHA-256 as
 * WARTA_CONFIG_SHA256; while the text is that one it is taken as it is, and a text that is
 * not (an edit in the console, a stack without the hash) is validated here with the
 * shared schema, naming every wrong field.
 */
export function config(): WartaConfig {
  if (!parsedConfig) {
    const text = env(ENV.config);
    let raw: unknown;
    try {
      raw = JSON.parse(decodeConfigText(text));
    } catch {
      throw new MissingEnv(`environment variable ${ENV.config} is not valid JSON`);
    }
    const validatedAtSynth = optionalEnv(ENV.configSha256) === createHash('sha256').update(text).digest('hex');
    parsedConfig = validatedAtSynth ? (raw as WartaConfig) : parseConfig(raw, ENV.config);
  }
  return parsedConfig;
}

/** The web app's origin without a trailing slash, for links in emails and responses. */
export function webOrigin(): string {
  return env(ENV.webOrigin).replace(/\/+$/, '');
}

/** Tests that change the environment between cases forget what was read. */
export function forgetEnvForTests(): void {
  cache.clear();
  parsedConfig = undefined;
}
