/**
 * The web app as a CDK asset, built during synth as the functions are bundled: `cdk synth`
 * and `cdk deploy` need no separate `npm run build:web`, and the local cloud serves the very
 * files the template deploys (the asset's folder in cdk.out).
 *
 * Caching: the asset is hashed by its sources (CDK's source fingerprint) before anything is built:
 * web/ without its build output, plus what the build reads from outside it (functions/domain,
 * imported by the app and by vite.config.ts) and the lock file that pins vite and Svelte. When
 * cdk.out already holds an asset of that hash, CDK skips the build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, DockerImage, FileSystem } from 'aws-cdk-lib';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { REPO_ROOT } from '../paths.js';

const WEB_DIR = join(REPO_ROOT, 'web');
const VITE_CONFIG = join(WEB_DIR, 'vite.config.ts');
const VITE = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
/** Outside web/, what the build reads. */
const BUILD_INPUTS = [join(REPO_ROOT, 'functions', 'domain'), join(REPO_ROOT, 'package-lock.json')];
/** Inside web/, what is not a source of the deployed app: build output, the web tests' own tools. */
const NOT_SOURCES = ['dist', 'node_modules', 'scripts', '**/*.test.ts', 'vitest.config.ts'];

export class WebBuildMissingError extends Error {
  override name = 'WebBuildMissingError';
}

/** Fails fast when a prebuilt web app (context warta:webDist) has no index.html. */
export function assertWebBuilt(webDist: string): void {
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new WebBuildMissingError(
      `the prebuilt web app has no ${join(webDist, 'index.html')}: build it there, or leave out -c warta:webDist and the synth builds web/ itself`,
    );
  }
}

/**
 * The web app to deploy: a prebuilt folder when given (tests, or an office's own build), else
 * web/ built by vite into the asset during synth.
 */
export function webAppSource(prebuilt: string | undefined, exclude: string[]): s3deploy.ISource {
  if (prebuilt) {
    assertWebBuilt(prebuilt);
    return s3deploy.Source.asset(prebuilt, { exclude });
  }
  return s3deploy.Source.asset(WEB_DIR, {
    // CDK's own source fingerprint of web/, extended by the inputs outside it (an S3 asset
    // offers no extraHash); CUSTOM only because SOURCE alone would miss functions/domain.
    assetHashType: AssetHashType.CUSTOM,
    assetHash: FileSystem.fingerprint(WEB_DIR, {
      exclude: NOT_SOURCES,
      extraHash: BUILD_INPUTS.map((path) => FileSystem.fingerprint(path)).join(':'),
    }),
    bundling: {
      // Never run: the local build always succeeds or throws. It only has to be named.
      image: DockerImage.fromRegistry('warta-builds-web-locally'),
      local: {
        tryBundle(outputDir) {
          execFileSync(
            process.execPath,
            [VITE, 'build', '--config', VITE_CONFIG, '--outDir', outputDir, '--emptyOutDir', '--logLevel', 'warn'],
            {
              cwd: REPO_ROOT,
              stdio: ['ignore', 'inherit', 'inherit'],
            },
          );
          if (!existsSync(join(outputDir, 'index.html')))
            throw new WebBuildMissingError(`vite build wrote no index.html into ${outputDir}`);
          return true;
        },
      },
    },
  });
}
