import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The synthesized CloudFormation template as the local cloud reads it: the stack's template
 * file found through cdk.out/manifest.json, and the asset folders the functions point at.
 */

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: string | string[];
}

export interface Template {
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

export interface LoadedStack {
  stackName: string;
  cdkOut: string;
  template: Template;
}

export class TemplateNotFound extends Error {
  override name = 'TemplateNotFound';
}

interface Manifest {
  artifacts?: Record<string, { type?: string; properties?: { templateFile?: string; stackName?: string } }>;
}

/** Reads the stack from cdk.out; `stackName` picks one when the app has several. */
export function loadStack(cdkOut: string, stackName?: string): LoadedStack {
  const manifestPath = join(cdkOut, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new TemplateNotFound(`No ${manifestPath}: run \`npx cdk synth\` first (npm start does it for you).`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const stacks = Object.entries(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([id, artifact]) => ({
      id,
      name: artifact.properties?.stackName ?? id,
      file: artifact.properties?.templateFile ?? `${id}.template.json`,
    }));
  const chosen = stackName ? stacks.find((s) => s.name === stackName || s.id === stackName) : stacks[0];
  if (!chosen) {
    throw new TemplateNotFound(`cdk.out has no stack${stackName ? ` named ${stackName}` : ''}.`);
  }
  const template = JSON.parse(readFileSync(join(cdkOut, chosen.file), 'utf8')) as Template;
  return { stackName: chosen.name, cdkOut, template };
}

/** The resources that survive their template Condition (evaluated by the caller). */
export function resourcesOfType(template: Template, type: string): Array<[string, TemplateResource]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}
