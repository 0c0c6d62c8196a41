/**
 * The Amazon States Language subset this engine runs, and the check that refuses the
 * rest at create time, naming the state and the field: a definition that would run on AWS
 * must never run differently here without saying so. Field lists follow the ASL reference for JSONata states
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html,
 *  https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html).
 */
import jsonata from 'jsonata';
import { isJsonataTemplate } from './jsonata-eval.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}
export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  Output?: Json;
  Assign?: Record<string, Json>;
}
export interface ChoiceRule {
  Condition: string | boolean;
  Next: string;
  Output?: Json;
  Assign?: Record<string, Json>;
}
export interface StateDef {
  Type: 'Task' | 'Choice' | 'Pass' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';
  QueryLanguage?: string;
  Next?: string;
  End?: boolean;
  Arguments?: Json;
  Output?: Json;
  Assign?: Record<string, Json>;
  Resource?: string;
  TimeoutSeconds?: number | string;
  HeartbeatSeconds?: number | string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Choices?: ChoiceRule[];
  Default?: string;
  Seconds?: number | string;
  Timestamp?: string;
  Error?: string;
  Cause?: string;
  Branches?: StateMachineDef[];
  Items?: Json;
  ItemSelector?: Json;
  ItemProcessor?: StateMachineDef & { ProcessorConfig?: { Mode?: string } };
  MaxConcurrency?: number | string;
}
export interface StateMachineDef {
  StartAt: string;
  States: Record<string, StateDef>;
  QueryLanguage?: string;
  TimeoutSeconds?: number;
  Comment?: string;
  Version?: string;
}

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

const COMMON = ['Type', 'Comment', 'QueryLanguage', 'Output', 'Assign'];
const FLOW = ['Next', 'End'];
const ERRORS = ['Retry', 'Catch'];
const ALLOWED: Record<StateDef['Type'], string[]> = {
  Task: [...COMMON, ...FLOW, ...ERRORS, 'Resource', 'Arguments', 'TimeoutSeconds', 'HeartbeatSeconds'],
  Choice: [...COMMON, 'Choices', 'Default'],
  Pass: [...COMMON, ...FLOW],
  Wait: [...COMMON, ...FLOW, 'Seconds', 'Timestamp'],
  Succeed: ['Type', 'Comment', 'QueryLanguage', 'Output'],
  Fail: ['Type', 'Comment', 'QueryLanguage', 'Error', 'Cause'],
  Parallel: [...COMMON, ...FLOW, ...ERRORS, 'Branches', 'Arguments'],
  Map: [...COMMON, ...FLOW, ...ERRORS, 'Items', 'ItemSelector', 'ItemProcessor', 'MaxConcurrency'],
};
const TOP_LEVEL = ['StartAt', 'States', 'QueryLanguage', 'TimeoutSeconds', 'Comment', 'Version'];
const RETRIER_FIELDS = ['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment'];
const CATCHER_FIELDS = ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment'];
const CHOICE_FIELDS = ['Condition', 'Next', 'Output', 'Assign', 'Comment'];
const TASK_ARGUMENTS = ['FunctionName', 'Payload', 'Qualifier'];

/** Parses and checks a definition; returns the list of problems (empty = runnable). */
export function validateDefinition(definitionJson: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(definitionJson);
  } catch (err) {
    return [`definition is not valid JSON: ${(err as Error).message}`];
  }
  const problems: string[] = [];
  if (!isObject(parsed)) return ['definition must be a JSON object'];
  for (const key of Object.keys(parsed)) {
    if (!TOP_LEVEL.includes(key)) problems.push(`top level: field '${key}' is not supported by the local engine`);
  }
  if (parsed.TimeoutSeconds !== undefined && !isPositiveInt(parsed.TimeoutSeconds)) {
    problems.push(`top level: field 'TimeoutSeconds' must be a positive integer`);
  }
  checkMachine(parsed, 'JSONPath', '', problems);
  return problems;
}

function checkMachine(def: Record<string, unknown>, inheritedLanguage: string, path: string, problems: string[]): void {
  const language = typeof def.QueryLanguage === 'string' ? def.QueryLanguage : inheritedLanguage;
  const states = def.States;
  if (!isObject(states) || Object.keys(states).length === 0) {
    problems.push(`${path || 'top level'}: field 'States' must be a non-empty object`);
    return;
  }
  if (typeof def.StartAt !== 'string' || !(def.StartAt in states)) {
    problems.push(`${path || 'top level'}: field 'StartAt' must name one of its States`);
  }
  const names = new Set(Object.keys(states));
  for (const [name, raw] of Object.entries(states)) {
    const where = `state '${path}${name}'`;
    if (!isObject(raw)) {
      problems.push(`${where}: must be an object`);
      continue;
    }
    checkState(raw, where, names, language, `${path}${name}/`, problems);
  }
}

function checkState(
  state: Record<string, unknown>,
  where: string,
  names: Set<string>,
  inheritedLanguage: string,
  childPath: string,
  problems: string[],
): void {
  const type = state.Type as StateDef['Type'];
  const allowed = ALLOWED[type];
  if (!allowed) {
    problems.push(`${where}: field 'Type' value '${String(state.Type)}' is not supported`);
    return;
  }
  const language = typeof state.QueryLanguage === 'string' ? state.QueryLanguage : inheritedLanguage;
  if (language !== 'JSONata') {
    problems.push(`${where}: field 'QueryLanguage' is '${language}'; the local engine runs JSONata states only`);
  }
  for (const key of Object.keys(state)) {
    if (!allowed.includes(key)) problems.push(`${where}: field '${key}' is not supported for a ${type} state`);
  }
  const needsFlow = FLOW.some((f) => allowed.includes(f));
  if (needsFlow) {
    if ((state.Next === undefined) === (state.End !== true)) {
      problems.push(`${where}: field 'Next' or 'End' (exactly one) is required`);
    }
    if (state.Next !== undefined && !names.has(state.Next as string)) {
      problems.push(`${where}: field 'Next' names unknown state '${String(state.Next)}'`);
    }
  }
  for (const field of [
    'Arguments',
    'Output',
    'Assign',
    'Items',
    'ItemSelector',
    'TimeoutSeconds',
    'HeartbeatSeconds',
    'Seconds',
    'Timestamp',
    'Error',
    'Cause',
    'MaxConcurrency',
  ]) {
    if (state[field] !== undefined) checkTemplates(state[field], `${where}: field '${field}'`, problems);
  }
  checkAssign(state.Assign, `${where}: field 'Assign'`, problems);
  if (type === 'Task') checkTask(state, where, problems);
  if (type === 'Choice') checkChoice(state, where, names, problems);
  if (type === 'Wait' && (state.Seconds === undefined) === (state.Timestamp === undefined)) {
    problems.push(`${where}: field 'Seconds' or 'Timestamp' (exactly one) is required`);
  }
  if (type === 'Parallel') {
    if (!Array.isArray(state.Branches) || state.Branches.length === 0) {
      problems.push(`${where}: field 'Branches' must be a non-empty array`);
    } else {
      state.Branches.forEach((branch, i) => {
        if (!isObject(branch)) problems.push(`${where}: field 'Branches[${i}]' must be an object`);
        else checkMachine(branch, language, `${childPath}Branches[${i}]/`, problems);
      });
    }
  }
  if (type === 'Map') checkMap(state, where, language, childPath, problems);
  if (Array.isArray(state.Retry)) checkRetry(state.Retry, where, problems);
  else if (state.Retry !== undefined) problems.push(`${where}: field 'Retry' must be an array`);
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((c, i) => {
      const at = `${where}: field 'Catch[${i}]`;
      if (!isObject(c)) return problems.push(`${at}' must be an object`);
      for (const key of Object.keys(c)) if (!CATCHER_FIELDS.includes(key)) problems.push(`${at}.${key}' is not supported`);
      checkErrorEquals(c.ErrorEquals, `${at}.ErrorEquals'`, problems);
      if (typeof c.Next !== 'string' || !names.has(c.Next)) problems.push(`${at}.Next' must name a state`);
      if (c.Output !== undefined) checkTemplates(c.Output, `${at}.Output'`, problems);
      if (c.Assign !== undefined) checkTemplates(c.Assign, `${at}.Assign'`, problems);
      checkAssign(c.Assign, `${at}.Assign'`, problems);
    });
  } else if (state.Catch !== undefined) problems.push(`${where}: field 'Catch' must be an array`);
}

function checkTask(state: Record<string, unknown>, where: string, problems: string[]): void {
  if (state.Resource !== LAMBDA_INVOKE && state.Resource !== LAMBDA_INVOKE_WAIT) {
    problems.push(
      `${where}: field 'Resource' '${String(state.Resource)}' is not supported (only ${LAMBDA_INVOKE} and ${LAMBDA_INVOKE_WAIT})`,
    );
  }
  const args = state.Arguments;
  if (isObject(args)) {
    for (const key of Object.keys(args)) {
      if (!TASK_ARGUMENTS.includes(key)) problems.push(`${where}: field 'Arguments.${key}' is not supported for lambda:invoke`);
    }
    if (args.FunctionName === undefined) problems.push(`${where}: field 'Arguments.FunctionName' is required`);
    // Without the token in the payload nobody could ever answer: the task would wait forever.
    if (state.Resource === LAMBDA_INVOKE_WAIT && !JSON.stringify(args.Payload ?? null).includes('$states.context.Task.Token')) {
      problems.push(`${where}: field 'Arguments.Payload' must pass $states.context.Task.Token for ${LAMBDA_INVOKE_WAIT}`);
    }
  } else if (typeof args !== 'string') {
    problems.push(`${where}: field 'Arguments' must be an object with FunctionName`);
  }
  for (const field of ['TimeoutSeconds', 'HeartbeatSeconds']) {
    const value = state[field];
    if (value !== undefined && !isPositiveInt(value) && !isJsonataTemplate(value)) {
      problems.push(`${where}: field '${field}' must be a positive integer or a JSONata expression`);
    }
  }
}

function checkChoice(state: Record<string, unknown>, where: string, names: Set<string>, problems: string[]): void {
  if (!Array.isArray(state.Choices) || state.Choices.length === 0) {
    problems.push(`${where}: field 'Choices' must be a non-empty array`);
    return;
  }
  state.Choices.forEach((rule, i) => {
    const at = `${where}: field 'Choices[${i}]`;
    if (!isObject(rule)) return problems.push(`${at}' must be an object`);
    for (const key of Object.keys(rule)) if (!CHOICE_FIELDS.includes(key)) problems.push(`${at}.${key}' is not supported`);
    if (typeof rule.Condition === 'string') checkTemplates(rule.Condition, `${at}.Condition'`, problems);
    else if (typeof rule.Condition !== 'boolean') problems.push(`${at}.Condition' is required`);
    if (typeof rule.Next !== 'string' || !names.has(rule.Next)) problems.push(`${at}.Next' must name a state`);
    if (rule.Output !== undefined) checkTemplates(rule.Output, `${at}.Output'`, problems);
    if (rule.Assign !== undefined) checkTemplates(rule.Assign, `${at}.Assign'`, problems);
    checkAssign(rule.Assign, `${at}.Assign'`, problems);
  });
  if (state.Default !== undefined && !names.has(state.Default as string)) {
    problems.push(`${where}: field 'Default' names unknown state '${String(state.Default)}'`);
  }
}

function checkMap(state: Record<string, unknown>, where: string, language: string, childPath: string, problems: string[]): void {
  const processor = state.ItemProcessor;
  if (!isObject(processor)) {
    problems.push(`${where}: field 'ItemProcessor' is required`);
    return;
  }
  const config = processor.ProcessorConfig;
  if (config !== undefined) {
    if (!isObject(config) || Object.keys(config).some((k) => k !== 'Mode') || (config.Mode ?? 'INLINE') !== 'INLINE') {
      problems.push(`${where}: field 'ItemProcessor.ProcessorConfig' supports only Mode INLINE`);
    }
  }
  const { ProcessorConfig: _ignored, ...machine } = processor;
  checkMachine(machine, language, `${childPath}ItemProcessor/`, problems);
  const max = state.MaxConcurrency;
  if (max !== undefined && !isJsonataTemplate(max) && !(Number.isInteger(max) && (max as number) >= 0)) {
    problems.push(`${where}: field 'MaxConcurrency' must be a non-negative integer`);
  }
}

function checkRetry(retriers: unknown[], where: string, problems: string[]): void {
  retriers.forEach((r, i) => {
    const at = `${where}: field 'Retry[${i}]`;
    if (!isObject(r)) return problems.push(`${at}' must be an object`);
    for (const key of Object.keys(r)) if (!RETRIER_FIELDS.includes(key)) problems.push(`${at}.${key}' is not supported`);
    checkErrorEquals(r.ErrorEquals, `${at}.ErrorEquals'`, problems);
    if (r.IntervalSeconds !== undefined && !isPositiveInt(r.IntervalSeconds))
      problems.push(`${at}.IntervalSeconds' must be a positive integer`);
    if (r.MaxAttempts !== undefined && !(Number.isInteger(r.MaxAttempts) && (r.MaxAttempts as number) >= 0))
      problems.push(`${at}.MaxAttempts' must be a non-negative integer`);
    if (r.BackoffRate !== undefined && !(typeof r.BackoffRate === 'number' && r.BackoffRate >= 1))
      problems.push(`${at}.BackoffRate' must be a number >= 1`);
    if (r.MaxDelaySeconds !== undefined && !isPositiveInt(r.MaxDelaySeconds))
      problems.push(`${at}.MaxDelaySeconds' must be a positive integer`);
    if (r.JitterStrategy !== undefined && r.JitterStrategy !== 'FULL' && r.JitterStrategy !== 'NONE')
      problems.push(`${at}.JitterStrategy' must be FULL or NONE`);
  });
}

function checkErrorEquals(value: unknown, at: string, problems: string[]): void {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
    problems.push(`${at} must be a non-empty array of error names`);
  } else if (value.includes('States.ALL') && value.length > 1) {
    problems.push(`${at} must list States.ALL alone`);
  }
}

/** Variable names are JSONata names; `states` is reserved for `$states`. */
function checkAssign(assign: unknown, at: string, problems: string[]): void {
  if (assign === undefined) return;
  if (!isObject(assign)) {
    problems.push(`${at} must be an object`);
    return;
  }
  for (const name of Object.keys(assign)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === 'states') problems.push(`${at} has an invalid variable name '${name}'`);
  }
}

/** Every `{% ... %}` string must compile; a syntax error is a definition error, as on AWS. */
function checkTemplates(value: unknown, at: string, problems: string[]): void {
  if (typeof value === 'string') {
    if (!isJsonataTemplate(value)) return;
    try {
      jsonata(value.slice(2, -2));
    } catch (err) {
      problems.push(`${at} has an invalid JSONata expression: ${(err as Error).message}`);
    }
  } else if (Array.isArray(value)) value.forEach((v) => checkTemplates(v, at, problems));
  else if (isObject(value)) Object.values(value).forEach((v) => checkTemplates(v, at, problems));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isPositiveInt(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0;
}
