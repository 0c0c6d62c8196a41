/**
 * WartaFunction: every Lambda of Warta, with the defaults they share.
 *
 * How the local cloud finds a function's handler: the AWS::Lambda::Function resource carries
 * the CloudFormation Metadata entry `warta:handler` = the handler's file name under
 * functions/handlers/ (a key of HANDLERS). Its code asset is the standard cdk.out
 * `asset.<hash>/index.js`, handler `index.handler`.
 *
 * Bundling: infra/cdk/constructs/bundle.ts, run as a script for each function when the app
 * synthesizes (its header gives the decisions: CommonJS, node20, the AWS SDK
 * left to the runtime, stand-ins for modules Warta never runs).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV, type HandlerName } from '#contract/handlers.js';
import { HANDLERS_DIR, REPO_ROOT } from '../paths.js';

export const HANDLER_METADATA_KEY = 'warta:handler';
/** Lambda refuses more than 4 KB of environment variables in total. */
const LAMBDA_ENV_LIMIT_BYTES = 4096;
const BUNDLER = fileURLToPath(new URL('./bundle.ts', import.meta.url));

/** The handler's bundle as a code asset: built by infra/cdk/constructs/bundle.ts in a child process (esbuild's plugins are asynchronous, CDK's bundling hook is not). */
function handlerCode(handler: HandlerName): lambda.Code {
  const entry = join(HANDLERS_DIR, `${handler}.ts`);
  return lambda.Code.fromAsset(REPO_ROOT, {
    // Hashed by the bundle itself, as NodejsFunction does: an edit that changes no output deploys nothing.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never run: local bundling always succeeds or throws. It only has to be named.
      image: DockerImage.fromRegistry('warta-bundles-locally'),
      // CDK caches bundles by these options: the entry keeps each function's apart.
      command: ['bundle', relative(REPO_ROOT, entry)],
      local: {
        tryBundle(outputDir) {
          execFileSync(process.execPath, ['--import', 'tsx', BUNDLER, entry, outputDir], {
            cwd: REPO_ROOT,
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          return true;
        },
      },
    },
  });
}

export interface WartaFunctionProps {
  readonly handler: HandlerName;
  /** The validated office configuration, given to every function as WARTA_CONFIG. */
  readonly configJson: string;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly timeout: Duration;
  readonly memorySize: number;
}

export class WartaFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly handlerName: HandlerName;
  /** How long Lambda lets one invocation run. */
  readonly timeout: Duration;

  constructor(scope: Construct, id: string, props: WartaFunctionProps) {
    super(scope, id);
    this.handlerName = props.handler;
    this.timeout = props.timeout;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    // Our own role instead of the managed AWSLambdaBasicExecutionRole: it may write to its own log group only.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(this.role);

    this.fn = new lambda.Function(this, 'Function', {
      code: handlerCode(props.handler),
      handler: 'index.handler',
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
        // The mailer bounds how long a crashed send can hold its mark by this (functions/adapters/mailer.ts).
        WARTA_FUNCTION_TIMEOUT_SECONDS: String(props.timeout.toSeconds()),
        [ENV.config]: props.configJson,
        // Lets the function take the config as synth validated it, without validating it again (functions/runtime/env.ts).
        [ENV.configSha256]: createHash('sha256').update(props.configJson).digest('hex'),
      },
    });
    (this.fn.node.defaultChild as lambda.CfnFunction).addMetadata(HANDLER_METADATA_KEY, props.handler);
    this.node.addValidation({ validate: () => this.checkEnvironmentSize() });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; the infra tests check that "*" is granted for no other action.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is chosen on purpose: the bundles target Node 20 so that the local cloud runs the very same code; the runtime moves up when the local cloud does.',
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
      ? [
          `function ${this.handlerName}: environment is about ${bytes} bytes, over Lambda's ${LAMBDA_ENV_LIMIT_BYTES}; shorten the office configuration (people, media, labels)`,
        ]
      : [];
  }
}
