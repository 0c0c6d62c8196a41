/**
 * IAM policy evaluation for one request in one account, as AWS describes it:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * An explicit Deny in any policy wins; otherwise an Allow in the identity-based policies or
 * in a resource-based policy that names the principal allows (same account); otherwise the
 * request is implicitly denied. Only what Warta's stack uses is understood: Action/NotAction,
 * Resource/NotResource, Principal, and the Condition operators below.
 */
import type { Caller } from './credentials.js';

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: '*' | Record<string, string | string[]>;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Statement | Statement[];
}

/** Request context keys (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html). */
export type RequestContext = Record<string, string | string[]>;

export interface AuthorizationRequest {
  caller: Caller;
  action: string;
  resource: string;
  context?: RequestContext;
}

export type Decision = { allowed: true } | { allowed: false; reason: 'explicit-deny-identity' | 'explicit-deny-resource' | 'no-allow' };

export class UnsupportedPolicy extends Error {
  override name = 'UnsupportedPolicy';
}

export function evaluate(request: AuthorizationRequest, identityPolicies: PolicyDocument[], resourcePolicies: PolicyDocument[]): Decision {
  const identity = identityPolicies.flatMap(statementsOf);
  const resource = resourcePolicies.flatMap(statementsOf).filter((s) => principalMatches(s, request.caller));
  const applies = (s: Statement) =>
    actionMatches(s, request.action) && resourceMatches(s, request.resource) && conditionsHold(s, request.context ?? {});
  if (identity.some((s) => s.Effect === 'Deny' && applies(s))) return { allowed: false, reason: 'explicit-deny-identity' };
  if (resource.some((s) => s.Effect === 'Deny' && applies(s))) return { allowed: false, reason: 'explicit-deny-resource' };
  if (resource.some((s) => s.Effect === 'Allow' && applies(s))) return { allowed: true };
  if (identity.some((s) => s.Effect === 'Allow' && applies(s))) return { allowed: true };
  return { allowed: false, reason: 'no-allow' };
}

function statementsOf(policy: PolicyDocument): Statement[] {
  return Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
}

const list = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));

/**
 * `*` matches any run of characters and `?` one character. Action names are matched without
 * regard to case, resource ARNs with it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function actionMatches(s: Statement, action: string): boolean {
  if (s.NotAction !== undefined) return !list(s.NotAction).some((p) => wildcardMatch(p, action, true));
  return list(s.Action).some((p) => wildcardMatch(p, action, true));
}

function resourceMatches(s: Statement, resource: string): boolean {
  if (s.NotResource !== undefined) return !list(s.NotResource).some((p) => arnLike(p, resource));
  // A resource-based policy may leave Resource out only where the resource is implied (Lambda permissions).
  if (s.Resource === undefined) return true;
  return list(s.Resource).some((p) => arnLike(p, resource));
}

/** ArnLike: each of the six colon-separated parts matched on its own, with wildcards. */
function arnLike(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a) return wildcardMatch(pattern, arn);
  return p.every((part, i) => wildcardMatch(part, a[i]!));
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * Principal of a resource-based policy. An assumed-role session is the role for matching
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 */
function principalMatches(s: Statement, caller: Caller): boolean {
  if (s.Principal === undefined) return false;
  if (s.Principal === '*') return true;
  const aws = list(s.Principal.AWS);
  const services = list(s.Principal.Service);
  if (caller.kind === 'service') return services.includes(caller.service) || aws.includes('*');
  if (aws.includes('*')) return true;
  const account = caller.kind === 'role' ? caller.roleArn.split(':')[4] : caller.accountId;
  if (aws.some((p) => p === account || p === `arn:aws:iam::${account}:root`)) return true;
  return caller.kind === 'role' && aws.includes(caller.roleArn);
}

type Operator = (pattern: string, value: string) => boolean;

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html */
const OPERATORS: Record<string, { test: Operator; negated?: boolean }> = {
  StringEquals: { test: (p, v) => p === v },
  StringNotEquals: { test: (p, v) => p === v, negated: true },
  StringEqualsIgnoreCase: { test: (p, v) => p.toLowerCase() === v.toLowerCase() },
  StringNotEqualsIgnoreCase: { test: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: true },
  StringLike: { test: (p, v) => wildcardMatch(p, v) },
  StringNotLike: { test: (p, v) => wildcardMatch(p, v), negated: true },
  ArnEquals: { test: (p, v) => arnLike(p, v) },
  ArnLike: { test: (p, v) => arnLike(p, v) },
  ArnNotEquals: { test: (p, v) => arnLike(p, v), negated: true },
  ArnNotLike: { test: (p, v) => arnLike(p, v), negated: true },
  Bool: { test: (p, v) => p.toLowerCase() === v.toLowerCase() },
};

/**
 * Every operator must hold, every key under it must hold, and a key holds when any of its
 * values matches. A key absent from the request fails a positive operator and satisfies a
 * negated one, and `...IfExists` holds when the key is absent
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
 */
function conditionsHold(s: Statement, context: RequestContext): boolean {
  const lowered = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), list(v)]));
  return Object.entries(s.Condition ?? {}).every(([name, keys]) => {
    if (name === 'Null') {
      return Object.entries(keys).every(
        ([key, expected]) => (String(expected).toLowerCase() === 'true') === !lowered.has(key.toLowerCase()),
      );
    }
    const ifExists = name.endsWith('IfExists');
    const operator = OPERATORS[ifExists ? name.slice(0, -'IfExists'.length) : name];
    if (!operator) throw new UnsupportedPolicy(`The local cloud does not evaluate the condition operator ${name}`);
    return Object.entries(keys).every(([key, patterns]) => {
      const values = lowered.get(key.toLowerCase());
      if (values === undefined) return ifExists || Boolean(operator.negated);
      const matched = values.some((v) => list(patterns).some((p) => operator.test(p, v)));
      return operator.negated ? !matched : matched;
    });
  });
}
