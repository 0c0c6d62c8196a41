import { randomUUID } from 'node:crypto';
import type { LocalRule, RuleTarget } from '../deployer/model.js';
import type { InvokeResult } from '../lambda/invoker.js';
import { matchesPattern } from './pattern.js';
import { parseSchedule } from './schedule.js';

/**
 * The default event bus: events put on it (Step Functions status changes from the engine)
 * go to every enabled rule whose pattern matches; schedule rules fire on timers. A Lambda
 * target is invoked asynchronously and, as Lambda's async invocation does, retried twice
 * when it fails; a state machine target starts an execution.
 */

export interface BusEvent {
  version?: string;
  id?: string;
  'detail-type': string;
  source: string;
  account?: string;
  time?: string;
  region?: string;
  resources?: string[];
  detail: unknown;
}

export interface EventBusOptions {
  rules: LocalRule[];
  region: string;
  accountId: string;
  /** `sourceArn` is the rule's: the function's resource policy must let the rule invoke it. */
  invoke(functionArn: string, payload: unknown, source: { sourceArn: string }): Promise<InvokeResult>;
  /** `roleArn` is the target's role, which must allow states:StartExecution. */
  startExecution?(stateMachineArn: string, input: unknown, source: { sourceArn: string; roleArn?: string }): Promise<void>;
  log(line: string): void;
  /** Multiplies retry delays and rate() intervals (tests run faster with < 1). */
  timeScale?: number;
}

export interface EventBus {
  /** Delivers the event to every matching rule; resolves when every delivery is done. */
  put(event: BusEvent): Promise<number>;
  /** Fires a schedule rule now, as its timer would. */
  fireSchedule(ruleName: string): Promise<void>;
  start(): void;
  close(): void;
}

const RETRY_DELAYS_MS = [1_000, 2_000];

export function createEventBus(options: EventBusOptions): EventBus {
  const scale = options.timeScale ?? 1;
  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  const rules = options.rules.filter((rule) => rule.enabled);

  const deliver = async (rule: LocalRule, target: RuleTarget, event: BusEvent) => {
    const input = inputFor(target, event);
    if (target.arn.includes(':states:') && options.startExecution) {
      await options.startExecution(target.arn, input, { sourceArn: rule.arn, roleArn: target.roleArn });
      return;
    }
    if (!target.arn.includes(':lambda:')) {
      options.log(`events: rule ${rule.name} target ${target.arn} is not a Lambda function or state machine; skipped`);
      return;
    }
    for (let attempt = 0; ; attempt++) {
      const result = await options.invoke(target.arn, input, { sourceArn: rule.arn });
      if (result.ok || closed) return;
      if (attempt >= RETRY_DELAYS_MS.length) {
        options.log(
          `events: rule ${rule.name} -> ${target.arn} failed after ${attempt + 1} attempts: ${result.errorType}: ${result.errorMessage}`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]! * scale).unref());
    }
  };

  const complete = (event: BusEvent): BusEvent => ({
    version: '0',
    id: randomUUID(),
    account: options.accountId,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: options.region,
    resources: [],
    ...event,
  });

  const scheduled = (rule: LocalRule): BusEvent =>
    complete({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      resources: [rule.arn],
      detail: {},
    });

  const fire = async (rule: LocalRule) => {
    if (closed) return;
    await Promise.all(rule.targets.map((target) => deliver(rule, target, scheduled(rule))));
  };

  return {
    async put(raw) {
      const event = complete(raw);
      const matching = rules.filter((rule) => rule.eventPattern && matchesPattern(rule.eventPattern, event));
      await Promise.all(
        matching.flatMap((rule) =>
          rule.targets.map((target) =>
            deliver(rule, target, event).catch((error: unknown) => {
              options.log(`events: rule ${rule.name} delivery failed: ${String(error)}`);
            }),
          ),
        ),
      );
      return matching.length;
    },
    async fireSchedule(ruleName) {
      const rule = rules.find((r) => r.name === ruleName || r.logicalId === ruleName);
      if (!rule?.scheduleExpression) throw new Error(`No enabled schedule rule named ${ruleName}`);
      await fire(rule);
    },
    start() {
      for (const rule of rules.filter((r) => r.scheduleExpression)) {
        const schedule = parseSchedule(rule.scheduleExpression!);
        if (schedule.kind === 'rate') {
          timers.push(setInterval(() => void fire(rule), Math.max(10, schedule.everyMs * scale)).unref());
        } else {
          // Cron rules follow the wall clock: look once a minute, just after the minute turns.
          const tick = () => {
            if (schedule.matches(new Date())) void fire(rule);
            const now = Date.now();
            timers.push(setTimeout(tick, 60_000 - (now % 60_000) + 50).unref());
          };
          timers.push(setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50).unref());
        }
      }
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

/** Input, InputPath or InputTransformer of a target, else the whole event. */
export function inputFor(target: RuleTarget, event: BusEvent): unknown {
  if (target.input !== undefined) return JSON.parse(target.input);
  if (target.inputPath) return readPath(event, target.inputPath);
  if (target.inputTransformer) {
    const values = Object.fromEntries(
      Object.entries(target.inputTransformer.InputPathsMap ?? {}).map(([k, path]) => [k, readPath(event, path)]),
    );
    const text = target.inputTransformer.InputTemplate.replace(/<([\w.-]+)>/g, (whole, name: string) => {
      if (!(name in values)) return whole;
      const value = values[name];
      return typeof value === 'string' ? value : JSON.stringify(value ?? null);
    });
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return event;
}

/** The simple JSONPath EventBridge accepts in InputPath and InputPathsMap: `$.a.b[0]`. */
function readPath(value: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '');
  return steps.reduce<unknown>(
    (current, step) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[step] : undefined),
    value,
  );
}
