/**
 * Switching the office configuration: esdm-babel yields its own state machine, and a wrong
 * configuration or an empty prebuilt web app stops the synth with a message that says what to fix.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESDM_BABEL } from '#domain/profiles.js';
import { buildApp } from '../../infra/cdk/app.js';
import { REPO_ROOT } from '../../infra/cdk/paths.js';
import { synthWarta, type Synthesized } from './synth.js';
import { definitionOf, envOf, functionOf, resourcesOfType } from './template.js';
import { decodeConfigText } from '../../functions/contract/config-text.js';

function configWith(change: (config: Record<string, any>) => void): string {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'infra/config/dkip-malut.json'), 'utf8'));
  change(config);
  const file = join(mkdtempSync(join(tmpdir(), 'warta-config-')), 'office.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('the esdm-babel configuration', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthWarta({ 'warta:config': 'infra/config/esdm-babel.json', 'warta:stackName': 'WartaEsdm' });
    console.info(`synth of the esdm-babel stack took ${Math.round(s.millis)} ms`);
  });

  it('yields one state machine with the esdm-babel stages and none of dkip-malut', () => {
    const machines = resourcesOfType(s, 'AWS::StepFunctions::StateMachine');
    const def = definitionOf(s);
    const taskNames = Object.entries(def.States)
      .filter(([, st]) => st.Type === 'Task')
      .map(([n]) => n);

    expect(machines).toHaveLength(1);
    expect(def.QueryLanguage).toBe('JSONata');
    // The SOP has no notify step; the sender still hears of the publication right after it.
    const stages = ESDM_BABEL.stages.map((st) => st.id);
    expect(taskNames).toEqual([
      ...stages.slice(0, stages.indexOf('publish') + 1),
      'notify-publication',
      ...stages.slice(stages.indexOf('publish') + 1),
      'notify-rejection',
      'record-failure',
    ]);
    expect(def.States['notify-publication'].Next).toBe('archive');
    expect(def.States.edit).toBeUndefined();
    expect(def.States['review-decision'].Choices).toHaveLength(2);
  });

  it('names each stage function by its GetAtt ARN and gives the human stages the configured expiry', () => {
    const def = definitionOf(s);

    expect(def.States.publish.Arguments.FunctionName).toBe(`<${functionOf(s, 'publish')[0]}.Arn>`);
    expect(def.States.review.Arguments.FunctionName).toBe(`<${functionOf(s, 'human-task')[0]}.Arn>`);
    expect(def.States.review.TimeoutSeconds).toBe(30 * 86_400);
  });

  it('carries the esdm-babel config to the functions under the chosen stack name', () => {
    expect(JSON.parse(decodeConfigText(envOf(s, 'register').WARTA_CONFIG as string))).toMatchObject({ profile: 'esdm-babel' });
    expect(s.stack.stackName).toBe('WartaEsdm');
    expect(s.stack.artifactId).toBe('Warta');
  });
});

describe('a synth that must stop', () => {
  const newApp = (context: Record<string, string>) => new App({ outdir: mkdtempSync(join(tmpdir(), 'warta-cdk-out-')), context });

  it('names the wrong field of the configuration', () => {
    const file = configWith((c) => {
      c.archive.retentionYears = 0;
      c.mail.sender = 'humas@elsewhere.example.org';
    });

    expect(() => buildApp(newApp({ 'warta:config': file }))).toThrow(/archive\.retentionYears[\s\S]*mail\.sender/);
  });

  it('names a profile that does not exist', () => {
    const file = configWith((c) => {
      c.profile = 'dinas-lain';
    });

    expect(() => buildApp(newApp({ 'warta:config': file }))).toThrow(/profile/);
  });

  it('says what to do when a prebuilt web app given as warta:webDist has no index.html', () => {
    const emptyDist = mkdtempSync(join(tmpdir(), 'warta-no-web-'));

    expect(() => buildApp(newApp({ 'warta:webDist': emptyDist }))).toThrow(
      /has no .*index\.html: build it there, or leave out -c warta:webDist/,
    );
  });
});
