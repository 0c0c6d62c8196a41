import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, type LocalModel } from './deployer/model.js';
import { deployBuckets, deployStateMachines, deployTables, LOCAL_CREDENTIALS } from './deployer/deploy.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, stateMachineArn } from './deployer/names.js';
import { webAppDirOf } from './deployer/site.js';
import { loadStack } from './deployer/template.js';
import { closeServer, listen, startDynamoDb, type Emulator, urlOf } from './emulators/dynamodb.js';
import { startS3 } from './emulators/s3.js';
import { startSecretsManager } from './emulators/secretsmanager.js';
import { startSes } from './emulators/ses.js';
import { createEventBus, type BusEvent, type EventBus } from './events/bus.js';
import { createLocalIam, type LocalIam, type Verdict } from './iam/index.js';
import { simulatorFeedback, type SentMail } from './events/mail-feedback.js';
import { createApiHandler } from './http/api.js';
import { createInvoker, type InvokeResult, type LambdaInvoker } from './lambda/invoker.js';
import { HOST, resolvePorts, type Ports } from './ports.js';
import { startStepFunctions, type StepFunctionsService } from './stepfunctions/index.js';
import { readToken } from './stepfunctions/task.js';
import { createWebHandler } from './web/server.js';
import { parseConfig, privacyNoticeOf, type PrivacyNotice } from '#domain/config.js';
import { decodeConfigText } from '#contract/config-text.js';
import { ENV } from '#contract/handlers.js';

/**
 * The local cloud in one process: emulators, the Step Functions engine, the Lambda invoker,
 * the HTTP API, the event bus and the web server, with the synthesized template deployed
 * on them. Used by `npm start` (start.ts) and by tests (test/support/cloud.ts).
 */

export interface LocalCloudOptions {
  /** Where state lives (`.warta` for npm start; a temp dir in tests). */
  dataDir: string;
  /** Wipe dataDir first. */
  reset?: boolean;
  ports?: 'ephemeral' | Partial<Ports>;
  cdkOut?: string;
  webDist?: string;
  stackName?: string;
  /** Scales waits in the engine and the event bus (tests: 0.001). */
  timeScale?: number;
  /** Probability of an injected Lambda.ServiceException per invocation; default WARTA_FAULT_RATE or 0. */
  faultRate?: number;
  /** Functions the faults are limited to; default WARTA_FAULT_FUNCTIONS (comma-separated) or all. */
  faultFunctions?: string[];
  /** Share of SES send calls refused as throttled (infra/local-cloud/emulators/ses.ts); default WARTA_SES_THROTTLE_RATE or 0. */
  sesThrottleRate?: number;
  /** Workers per function at most (Lambda's concurrency); default WARTA_LAMBDA_CONCURRENCY or 4. */
  lambdaConcurrency?: number;
  verbose?: boolean;
  log?(line: string): void;
}

/** The HTTP API stage's access log, in the template's format, beside the functions' logs in `<data dir>/logs/`. */
export const ACCESS_LOG_FILE = 'api-access.log';

export interface Endpoints {
  web: string;
  api: string;
  /** The SES mailbox page; `<mailbox>/store` lists the captured mail as JSON. */
  mailbox: string;
  stepfunctions: string;
  dynamodb: string;
  s3: string;
  ses: string;
  secretsmanager: string;
}

export interface LocalCloud {
  endpoints: Endpoints;
  /** The value the `x-warta-audit-key` header needs on IAM-authorized routes. */
  auditKey: string;
  model: LocalModel;
  invoker: LambdaInvoker;
  events: EventBus;
  stepFunctions: StepFunctionsService;
  /** The local IAM: each function's credentials, and the checks of Lambda invocations. */
  iam: LocalIam;
  /** Send calls refused by the SES throttling switch so far. */
  sesThrottled?(): number;
  close(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = options.dataDir;
  if (options.reset) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const ports = resolvePorts(options.ports);
  const faultRate = options.faultRate ?? Number(process.env.WARTA_FAULT_RATE ?? 0);
  const auditKey = readOrCreateAuditKey(dataDir);
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) {
      try {
        await closer();
      } catch (error) {
        log(`local cloud: while stopping: ${String(error)}`);
      }
    }
  };

  try {
    // The stores first, each behind the local IAM's guard on the service's port, then the
    // front doors (they answer 503 until the deploy is done).
    const secretsManager = await startSecretsManager({ dir: join(dataDir, 'secretsmanager'), host: HOST, port: 0 });
    closers.push(() => secretsManager.close());
    const iam = createLocalIam({
      host: HOST,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      accountCredentials: LOCAL_CREDENTIALS,
      executionOfToken: (token) => readToken(token)?.e,
      secretArnOf: (id) => secretsManager.arnOf(id),
      log,
    });
    const [dynamoDbEmulator, s3Emulator, ses] = await Promise.all([
      startDynamoDb({ dir: join(dataDir, 'dynamodb'), host: HOST, port: 0 }),
      startS3({ dir: join(dataDir, 's3'), host: HOST, port: 0 }),
      startSes({
        dir: join(dataDir, 'ses'),
        host: HOST,
        port: 0,
        throttleRate: options.sesThrottleRate ?? Number(process.env.WARTA_SES_THROTTLE_RATE ?? 0),
      }),
    ]);
    closers.push(
      () => dynamoDbEmulator.close(),
      () => s3Emulator.close(),
      () => ses.close(),
    );
    const [dynamodb, s3, sesGuard, secretsManagerGuard] = await Promise.all([
      iam.guard('dynamodb', dynamoDbEmulator.url, ports.dynamodb),
      iam.guard('s3', s3Emulator.url, ports.s3),
      iam.guard('ses', ses.url, ports.ses),
      // Warta's functions alone call it: no fixed port.
      iam.guard('secretsmanager', secretsManager.url, 0),
    ]);
    closers.push(
      () => dynamodb.close(),
      () => s3.close(),
      () => sesGuard.close(),
      () => secretsManagerGuard.close(),
    );

    let model: LocalModel | undefined;
    let invoker: LambdaInvoker | undefined;
    let deployedAll = false;
    // The stand-in for the stage's access-log group (ACCESS_LOG_FILE under the logs folder).
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    const stageLog = createWriteStream(join(dataDir, 'logs', ACCESS_LOG_FILE), { flags: 'a' });
    closers.push(() => new Promise<void>((done) => stageLog.end(done)));
    const apiHandler = createApiHandler({
      apis: () => (deployedAll ? model?.apis : undefined),
      invoke: async (name, payload) => {
        const verdict = iam.mayApiGatewayInvoke(name, payload);
        return verdict.allowed ? invoker!.invoke(name, payload) : refused(verdict, 'AccessDeniedException');
      },
      invokeAuthorizer: async (name, payload, sourceArn) => {
        const verdict = iam.mayApiGatewayInvokeAuthorizer(name, sourceArn);
        return verdict.allowed ? invoker!.invoke(name, payload) : refused(verdict, 'AccessDeniedException');
      },
      auditKey,
      accountId: LOCAL_ACCOUNT,
      region: LOCAL_REGION,
      log,
      accessLog: options.verbose ? log : undefined,
      stageLog: (line) => stageLog.write(line),
    });
    const api = await serve(apiHandler, ports.api);
    closers.push(api.close);
    let urls = { web: '', api: api.url, s3: s3.url };
    const stack = loadStack(options.cdkOut ?? join(REPO_ROOT, 'cdk.out'), options.stackName);
    const web = await serve(
      createWebHandler({
        // What the template deploys; web/dist only for an assembly made with a prebuilt web app elsewhere.
        webDist: options.webDist ?? webAppDirOf(stack) ?? join(REPO_ROOT, 'web', 'dist'),
        s3Url: s3.url,
        siteBucket: () => model?.siteBucket,
        config: () => ({ apiUrl: `${urls.api}/`, siteUrl: urls.web, ...(model ? { privacy: privacyNoticeOfModel(model) } : {}) }),
        securityHeaders: () => model?.securityHeaders ?? {},
        errorPages: () => model?.errorPages ?? [],
        api: apiHandler,
      }),
      ports.web,
    );
    closers.push(web.close);
    urls = { ...urls, web: web.url };

    model = buildModel(stack, { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT, urls });
    const deployed = model;
    iam.deploy(deployed);
    secretsManager.deploy(deployed.secrets);

    // The engine resumes unfinished executions as soon as it starts, possibly before the
    // invoker and the bus exist: its calls wait for them.
    let ready!: (value: { invoker: LambdaInvoker; bus: EventBus }) => void;
    const wired = new Promise<{ invoker: LambdaInvoker; bus: EventBus }>((resolve) => (ready = resolve));
    const stepFunctions = await startStepFunctions({
      dataDir: join(dataDir, 'stepfunctions'),
      host: HOST,
      port: 0,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      timeScale: options.timeScale,
      invoke: async (fn, payload, { roleArn }): Promise<InvokeResult> => {
        const { invoker } = await wired;
        // A refusal fails the task with the error Step Functions names it by.
        const verdict = iam.mayStateMachineInvoke(fn, roleArn);
        return verdict.allowed ? invoker.invoke(fn, payload) : refused(verdict, 'Lambda.AccessDeniedException');
      },
      onExecutionStatusChange: (event) => {
        void wired.then(({ bus }) => bus.put(event as unknown as BusEvent));
      },
    });
    closers.push(() => stepFunctions.close());
    const stepFunctionsGuard = await iam.guard('stepfunctions', stepFunctions.url, ports.stepfunctions);
    closers.push(() => stepFunctionsGuard.close());

    const endpoints: Endpoints = {
      web: urls.web,
      api: urls.api,
      mailbox: `${sesGuard.url}/`,
      stepfunctions: stepFunctionsGuard.url,
      dynamodb: dynamodb.url,
      s3: s3.url,
      ses: sesGuard.url,
      secretsmanager: secretsManagerGuard.url,
    };
    invoker = createInvoker({
      functions: deployed.functions,
      baseEnv: sdkEnvironment(endpoints),
      logDir: join(dataDir, 'logs'),
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      verbose: options.verbose,
      faultRate,
      faultFunctions:
        options.faultFunctions ??
        (process.env.WARTA_FAULT_FUNCTIONS ? process.env.WARTA_FAULT_FUNCTIONS.split(',').map((n) => n.trim()) : undefined),
      maxConcurrency: options.lambdaConcurrency ?? (Number(process.env.WARTA_LAMBDA_CONCURRENCY) || undefined),
      credentialsOf: (fn) => iam.credentialsOf(fn),
    });
    const lambda = invoker;
    // Closed before the engine stops (closers run in reverse): no invocation outlives it.
    closers.splice(closers.length - 1, 0, () => lambda.close());

    const events = createEventBus({
      rules: deployed.rules,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      timeScale: options.timeScale,
      invoke: async (arn, payload, { sourceArn }) => {
        const verdict = iam.mayRuleInvoke(arn, sourceArn);
        return verdict.allowed ? lambda.invoke(arn, payload) : refused(verdict, 'AccessDeniedException');
      },
      // eslint-disable-next-line @typescript-eslint/require-await -- a refusal must reach the caller as a rejection, as from AWS
      startExecution: async (arn, input, { sourceArn, roleArn }) => {
        const verdict = iam.mayRuleStart(arn, roleArn);
        if (!verdict.allowed) throw new Error(`rule ${sourceArn}: ${verdict.message}`);
        stepFunctions.engine.startExecution({ stateMachineArn: arn, input: JSON.stringify(input) });
      },
      log,
    });
    closers.push(() => events.close());
    ses.onSent((mail) => {
      for (const event of simulatorFeedback(mail as SentMail, {
        region: LOCAL_REGION,
        accountId: LOCAL_ACCOUNT,
        configurationSet: deployed.mailConfigurationSet,
      })) {
        void events.put(event);
      }
    });

    await Promise.all([deployTables(deployed, dynamodb.url, LOCAL_REGION, log), deployBuckets(deployed, s3.url, LOCAL_REGION, log)]);
    deployStateMachines(deployed.stateMachines, stepFunctions.engine, (name) => stateMachineArn(LOCAL_REGION, LOCAL_ACCOUNT, name));
    ready({ invoker: lambda, bus: events });
    deployedAll = true;
    events.start();

    if (deployed.notEmulated.length) log(`not emulated: ${deployed.notEmulated.join(', ')}`);
    writeFileSync(join(dataDir, 'endpoints.json'), `${JSON.stringify({ ...endpoints, resources: resourceNames(deployed) }, null, 2)}\n`);
    return { endpoints, auditKey, model: deployed, invoker: lambda, events, stepFunctions, iam, sesThrottled: ses.throttled, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * What the AWS SDK inside each function reads to reach the local services. Nothing in
 * functions/ knows it runs locally: the SDK's own endpoint variables do the pointing.
 * s3rver wants the credentials S3RVER/S3RVER; X-Ray has no daemon here, so tracing is off.
 * (Also what the SDK reads, not the app: the template's own variables are set first and
 * these override them, so a template can never point a function at AWS by accident.)
 */
/**
 * The deployed resources under the environment-variable names the functions read them by
 * (TABLE_NAME, ARCHIVE_BUCKET, STATE_MACHINE_ARN, …), for tools that run Warta's own
 * store code from outside a function: the `npm run audit` CLI.
 */
export function resourceNames(model: LocalModel): Record<string, string> {
  const names: Record<string, string> = {};
  for (const fn of model.functions) {
    for (const [key, value] of Object.entries(fn.environment)) {
      if (/^(TABLE_NAME|[A-Z]+_BUCKET|STATE_MACHINE_ARN)$/.test(key)) names[key] = value;
    }
  }
  return names;
}

export function sdkEnvironment(endpoints: Endpoints): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsmanager,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_TRACE_ENABLED: 'false',
    // The functions' runtime is nodejs22.x on AWS; the local Node 20 is not theirs to warn about.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
  };
}

/** A call the local IAM refused, as the invoker's failed result. */
function refused(verdict: Verdict & { allowed: false }, errorType: string): InvokeResult {
  return { ok: false, errorType, errorMessage: verdict.message };
}

/** The local stand-in for IAM on the auditor routes: a random key kept in dataDir/audit-key. */
function readOrCreateAuditKey(dataDir: string): string {
  const file = join(dataDir, 'audit-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(24).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function serve(handler: Parameters<typeof createServer>[1], port: number): Promise<Emulator> {
  const server: Server = createServer(handler);
  await listen(server, HOST, port);
  return {
    url: urlOf(server),
    close: () => closeServer(server),
  };
}

/**
 * The privacy notice of the office the template was synthesized for, as the deployment's
 * /config.json carries it on AWS: taken from the configuration every function is given.
 */
function privacyNoticeOfModel(model: LocalModel): PrivacyNotice | undefined {
  const text = model.functions.find((f) => f.environment[ENV.config])?.environment[ENV.config];
  return text ? privacyNoticeOf(parseConfig(JSON.parse(decodeConfigText(text)), ENV.config)) : undefined;
}
