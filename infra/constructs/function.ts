/**
 * WartaFunction: every Lambda of Warta, with the defaults they share.
 *
 * How the local cloud finds a function's handler: the AWS::Lambda::Function resource carries
 * the CloudFormation Metadata entry `warta:handler` = the handler's file name under
 * functions/handlers/ (a key of HANDLERS). Its code asset is the standard cdk.out
 * `asset.<hash>/index.js`, handler `index.handler`.
 *
 * Bundling decisions:
 * - the local esbuild, never Docker (no Docker here, and builds stay reproducible offline);
 * - CommonJS `index.js` (with a `package.json` saying so beside it): the AWS SDK the runtime
 *   provides is CommonJS, and Node loads CommonJS from CommonJS with plain `require`. From an
 *   ES module every SDK file would instead go through the ESM loader's CommonJS interop, which
 *   lexes each one for its export names: measured with `npm run bench:lambda`, that interop
 *   was about 40% of a cold start. `import.meta.url` (used by bundled ES modules such as
 *   PDFKit's) is defined from `__filename`;
 * - target node20 while the runtime is nodejs22.x: the local cloud runs these same bundles on Node 20;
 * - @aws-sdk is left to the runtime, as AWS recommends: every Node.js runtime since 18 ships
 *   the v3 SDK (clients and the lib-* packages), which keeps each bundle a fraction of its
 *   size (the benchmark's target is 300 kB) and its cold start short. The local cloud loads
 *   the bundles from cdk.out inside the repository, where the same bare imports resolve to
 *   the SDK pinned in package-lock.json. The runtime's SDK may be a few versions behind
 *   ours; Warta uses only long-stable operations.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { ENV, type HandlerName } from '#domain/workflow.js';
import { HANDLERS_DIR, REPO_ROOT } from '../paths.js';

export const HANDLER_METADATA_KEY = 'warta:handler';
const FONTKIT_STUB = join(REPO_ROOT, 'functions', 'domain', 'render', 'fontkit-stub.ts');
/** Lambda refuses more than 4 KB of environment variables in total. */
const LAMBDA_ENV_LIMIT_BYTES = 4096;

/** What bundled ES modules read as `import.meta.url`, once the bundle is CommonJS (banner and define). */
export const IMPORT_META_URL_BANNER = "const __wartaImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";
export const IMPORT_META_URL_DEFINE = { 'import.meta.url': '__wartaImportMetaUrl' };
/**
 * Beside the bundle: Lambda reads a lone `index.js` as CommonJS anyway, but the local cloud
 * loads the same folder from inside this repository, whose package.json says "module".
 */
const COMMONJS_PACKAGE_JSON = '{"type":"commonjs"}';

export interface WartaFunctionProps {
  handler: HandlerName;
  /** The validated office configuration, given to every function as WARTA_CONFIG. */
  configJson: string;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  timeout: Duration;
  memorySize: number;
}

export class WartaFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly handlerName: HandlerName;

  constructor(scope: Construct, id: string, props: WartaFunctionProps) {
    super(scope, id);
    this.handlerName = props.handler;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    // Our own role instead of the managed AWSLambdaBasicExecutionRole: it may write to its own log group only.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(HANDLERS_DIR, `${props.handler}.ts`),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      role: this.role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      timeout: props.timeout,
      memorySize: props.memorySize,
      description: `Warta ${props.handler}`,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'warta',
        POWERTOOLS_METRICS_NAMESPACE: 'Warta',
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        // The mailer bounds how long a crashed send can hold its mark by this (functions/aws/mailer.ts).
        WARTA_FUNCTION_TIMEOUT_SECONDS: String(props.timeout.toSeconds()),
        [ENV.config]: props.configJson,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        target: 'node20',
        platform: 'node',
        mainFields: ['module', 'main'],
        banner: IMPORT_META_URL_BANNER,
        define: IMPORT_META_URL_DEFINE,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [`echo '${COMMONJS_PACKAGE_JSON}' > "${join(outputDir, 'package.json')}"`],
        },
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        bundleAwsSDK: false,
        externalModules: ['@aws-sdk/*'],
        // PDFs use the standard fonts only: fontkit (and its Brotli decoder) stays out.
        esbuildArgs: { '--alias:fontkit': FONTKIT_STUB },
        tsconfig: join(REPO_ROOT, 'tsconfig.json'),
        logLevel: LogLevel.ERROR,
      },
    });
    (this.fn.node.defaultChild as lambda.CfnFunction).addMetadata(HANDLER_METADATA_KEY, props.handler);
    this.node.addValidation({ validate: () => this.checkEnvironmentSize() });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; the infra tests check that "*" is granted for no other action.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is chosen on purpose: the bundles target Node 20 so that the local cloud runs the very same code; the runtime moves up when the local cloud does.',
    });
  }

  addEnvironment(name: string, value: string): void {
    this.fn.addEnvironment(name, value);
  }

  /** Grants the function's role the actions on the named resources, nothing more. */
  allow(actions: string[], resources: string[]): void {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
  }

  private checkEnvironmentSize(): string[] {
    const cfn = this.fn.node.defaultChild as lambda.CfnFunction;
    const variables = (Stack.of(this).resolve(cfn.environment) as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
    // References resolve to generated names and ARNs, about 40 to 90 bytes; count each as 100.
    const bytes = Object.entries(variables).reduce(
      (sum, [key, value]) => sum + key.length + (typeof value === 'string' ? Buffer.byteLength(value) : 100),
      0,
    );
    return bytes > LAMBDA_ENV_LIMIT_BYTES
      ? [`function ${this.handlerName}: environment is about ${bytes} bytes, over Lambda's ${LAMBDA_ENV_LIMIT_BYTES}; shorten the office configuration (people, media, labels)`]
      : [];
  }
}
