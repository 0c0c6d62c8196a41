// Fixture releases and offices for the rendering tests (files in test/fixtures/output/).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig, type WartaConfig } from '../../../functions/domain/config.js';
import type { Release } from '../../../functions/domain/release.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export function fixtureRelease(name: 'release-hostile' | 'release-rejected'): Release {
  return JSON.parse(readFileSync(here(`../../fixtures/output/${name}.json`), 'utf8')) as Release;
}

export function fixtureConfig(name: 'dkip-malut' | 'esdm-babel' = 'dkip-malut'): WartaConfig {
  return parseConfig(JSON.parse(readFileSync(here(`../../../infra/config/${name}.json`), 'utf8')));
}

export const ORIGIN = 'https://warta.example.go.id';
