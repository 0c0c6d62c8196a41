import { fileURLToPath } from 'node:url';
import { buildModel, type LocalModel } from '../../infra/local-cloud/deployer/model.js';
import { loadStack } from '../../infra/local-cloud/deployer/template.js';

/** A hand-made cloud assembly (manifest, template, one asset) shaped like CDK output: a fixture, not a build. */
export const FIXTURE_CDK_OUT = fileURLToPath(new URL('./fixtures/assembly', import.meta.url));

export const FIXTURE_URLS = { web: 'http://127.0.0.1:4900', api: 'http://127.0.0.1:4901', s3: 'http://127.0.0.1:4902' };

export function fixtureModel(): LocalModel {
  return buildModel(loadStack(FIXTURE_CDK_OUT), { region: 'ap-southeast-3', accountId: '111111111111', urls: FIXTURE_URLS });
}
