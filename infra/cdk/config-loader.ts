/**
 * Reads and validates the office configuration named by the CDK context `warta:config`.
 * A wrong value fails the synth with a ConfigError naming the field (see functions/domain/config.ts).
 */
import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig, type WartaConfig } from '#domain/config.js';
import { fromRepoRoot } from './paths.js';

export function loadConfig(path: string): WartaConfig {
  const file = fromRepoRoot(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`configuration file ${file} cannot be read: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`configuration file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseConfig(raw, `configuration file ${path}`);
}
