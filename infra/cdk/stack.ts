/**
 * The Warta stack: one construct per concern, wired by the table in wiring.ts.
 * Order matters only where a value flows: storage -> functions -> site -> api/workflow/mail.
 */
import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { WartaConfig } from '#domain/config.js';
import { privacyNoticeOf, profileOf } from '#domain/config.js';
import { encodeConfigText } from '#contract/config-text.js';
import { ENV, HANDLERS, type HandlerName } from '#contract/handlers.js';
import { Api } from './constructs/api.js';
import { Captcha } from './constructs/captcha.js';
import { DeskApi } from './constructs/desk-api.js';
import { WartaFunction } from './constructs/function.js';
import { Mail } from './constructs/mail.js';
import { Observability } from './constructs/observability.js';
import { Site } from './constructs/site.js';
import { Storage } from './constructs/storage.js';
import { assertWebBuilt } from './constructs/web-app.js';
import { Workflow } from './constructs/workflow.js';
import { FUNCTION_NEEDS } from './wiring.js';

export interface WartaStackProps extends StackProps {
  readonly config: WartaConfig;
  /** A prebuilt web app to deploy as it is; by default the synth builds web/ into the asset. */
  readonly webDist?: string;
}

export class WartaStack extends Stack {
  readonly storage: Storage;
  readonly functions: Record<HandlerName, WartaFunction>;
  readonly site: Site;
  readonly api: Api;
  readonly deskApi: DeskApi;
  readonly workflow: Workflow;
  readonly mail: Mail;
  readonly captcha: Captcha;
  private readonly config: WartaConfig;

  constructor(scope: Construct, id: string, props: WartaStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Before 18 bundles are built: a prebuilt web app must be there.
    if (props.webDist) assertWebBuilt(props.webDist);
    if (config.webOrigin && !config.site) {
      throw new Error(
        `the configuration sets webOrigin ${config.webOrigin} without site: add site.domain and site.certificateArn (an ACM certificate in us-east-1) so the distribution answers on that domain`,
      );
    }
    this.config = config;
    const configJson = encodeConfigText(JSON.stringify(config));

    this.storage = new Storage(this, 'Storage', { archiveRetentionYears: config.archive.retentionYears });
    this.functions = this.makeFunctions(configJson);
    this.captcha = new Captcha(this, 'Captcha');
    this.site = new Site(this, 'Site', {
      bucket: this.storage.site,
      logBucket: this.storage.logs,
      ...(props.webDist ? { webDist: props.webDist } : {}),
      ...(config.site ? { domain: { name: config.site.domain, certificateArn: config.site.certificateArn } } : {}),
    });
    this.storage.allowUploadsFrom(this.webOrigin);
    this.mail = new Mail(this, 'Mail', { domain: config.mail.domain, mailEvents: this.functions['mail-events'] });
    this.workflow = new Workflow(this, 'Workflow', {
      profile: profileOf(config),
      stageFunctions: this.functions,
      humanTaskTimeout: Duration.days(config.sla.expireAfterDays),
      historySnapshot: this.functions['history-snapshot'],
      slaSweep: this.functions['sla-sweep'],
      periodicReport: this.functions['periodic-report'],
      overdueDigest: this.functions['overdue-digest'],
    });
    this.api = new Api(this, 'Api', { webOrigin: this.webOrigin, functions: this.functions, throttle: { burstLimit: 100, rateLimit: 50 } });
    this.deskApi = new DeskApi(this, 'DeskApi', {
      functions: this.functions,
      authorizer: this.functions['desk-authorizer'],
      throttle: { burstLimit: 50, rateLimit: 25 },
    });
    this.site.routeDeskApi(this.deskApi.domainName);
    this.site.deployWebApp(this.api.url, this.webOrigin, privacyNoticeOf(config));
    this.bindFunctions();
    new Observability(this, 'Observability', {
      opsEmail: config.opsEmail,
      stateMachine: this.workflow.stateMachine,
      functions: Object.values(this.functions),
    });

    new CfnOutput(this, 'WebUrl', { value: this.webOrigin });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    this.outputDkimRecords();
  }

  /** SES verifies the mail domain, and signs with it, once these three CNAME records are in its DNS. */
  private outputDkimRecords(): void {
    const { identity } = this.mail;
    const records = [
      [identity.dkimDnsTokenName1, identity.dkimDnsTokenValue1],
      [identity.dkimDnsTokenName2, identity.dkimDnsTokenValue2],
      [identity.dkimDnsTokenName3, identity.dkimDnsTokenValue3],
    ] as const;
    records.forEach(([name, value], i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        description: `Easy DKIM record ${i + 1} of 3 for ${this.config.mail.domain}: add it to the domain's DNS as written (name CNAME value)`,
        value: Fn.join(' ', [name, 'CNAME', value]),
      });
    });
  }

  /**
   * Where the web app is reached: the office's own domain when configured (config `site`), else the
   * distribution's https://<id>.cloudfront.net. A webOrigin without `site` would send people to
   * a domain the distribution does not answer on, so the constructor refuses it.
   */
  get webOrigin(): string {
    return this.site.origin;
  }

  private makeFunctions(configJson: string): Record<HandlerName, WartaFunction> {
    const entries = (Object.keys(HANDLERS) as HandlerName[]).map((name) => {
      const needs = FUNCTION_NEEDS[name];
      const fn = new WartaFunction(this, constructIdOf(name), {
        handler: name,
        configJson,
        logLevel: 'INFO',
        timeout: Duration.seconds(needs.timeoutSeconds),
        memorySize: needs.memoryMb,
      });
      return [name, fn] as const;
    });
    return Object.fromEntries(entries) as Record<HandlerName, WartaFunction>;
  }

  private bindFunctions(): void {
    for (const [name, fn] of Object.entries(this.functions) as [HandlerName, WartaFunction][]) {
      const needs = FUNCTION_NEEDS[name];
      if (needs.table) this.storage.bindTable(fn, needs.table);
      if (needs.uploads) this.storage.bindUploads(fn, needs.uploads);
      if (needs.archive) this.storage.bindArchive(fn, needs.archive);
      if (needs.site) this.storage.bindSite(fn, needs.site);
      if (needs.deletesIncomingUploads) this.storage.bindIncomingUploadsDeletion(fn);
      if (needs.mail) this.mail.bindSender(fn);
      if (needs.captchaKey) this.captcha.bindKeyReader(fn);
      if (needs.stateMachine?.includes('start')) this.workflow.bindStarter(fn);
      if (needs.stateMachine?.includes('respond')) this.workflow.bindTaskResponder(fn);
      if (needs.stateMachine?.includes('answer')) this.workflow.bindTokenAnswerer(fn);
      if (needs.stateMachine?.includes('history')) this.workflow.bindHistoryReader(fn);
      if (needs.webOrigin) fn.addEnvironment(ENV.webOrigin, this.webOrigin);
    }
  }
}

/** `releases-create` -> `ReleasesCreate`: the handler name stays readable in logical ids. */
export function constructIdOf(handler: HandlerName): string {
  return handler.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}
