/**
 * The local IAM: decides one call (caller, action, resource) against the caller's role
 * policies and the resource's own policy, logs every refusal with role, action and
 * resource, and words it as AWS does ("User: <principal> is not authorized to perform:
 * <action> on resource: <arn> because ...").
 */
import { principalArnOf, type Caller } from './credentials.js';
import { evaluate, type PolicyDocument, type RequestContext } from './evaluate.js';
import type { IamModel } from './policies.js';

export interface Check {
  action: string;
  resource: string;
  context?: RequestContext;
}

export type Verdict = { allowed: true } | { allowed: false; message: string; check: Check };

export interface Authority {
  authorize(caller: Caller, checks: Check[]): Verdict;
}

const ADMIN: PolicyDocument = { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };

/**
 * Every call locally arrives over plain HTTP, where on AWS the SDK and the browser speak TLS;
 * the context says so, or the stack's enforceSSL bucket policies would refuse everything.
 */
const BASE_CONTEXT: RequestContext = { 'aws:SecureTransport': 'true' };

export function createAuthority(model: IamModel, log: (line: string) => void): Authority {
  const resourcePolicies = (resource: string): PolicyDocument[] => {
    if (resource.startsWith('arn:aws:s3:::')) return model.bucketPolicies.get(resource.slice('arn:aws:s3:::'.length).split('/')[0]!) ?? [];
    if (resource.includes(':lambda:'))
      return model.functionPolicies.get(resource.replace(/^(arn:aws:lambda:[^:]*:[^:]*:function:[^:]+):.*$/, '$1')) ?? [];
    return [];
  };
  const identityPolicies = (caller: Caller): PolicyDocument[] => {
    if (caller.kind === 'admin') return [ADMIN];
    if (caller.kind === 'service') return [];
    return model.roles.get(caller.roleArn) ?? [];
  };

  return {
    authorize(caller, checks) {
      for (const check of checks) {
        const context = { ...BASE_CONTEXT, ...check.context };
        if (caller.kind === 'role') context['aws:PrincipalArn'] = caller.roleArn;
        const decision = evaluate(
          { caller, action: check.action, resource: check.resource, context },
          identityPolicies(caller),
          resourcePolicies(check.resource),
        );
        if (decision.allowed) continue;
        const because = {
          'explicit-deny-identity': 'with an explicit deny in an identity-based policy',
          'explicit-deny-resource': 'with an explicit deny in a resource-based policy',
          'no-allow':
            caller.kind === 'service'
              ? 'because no resource-based policy allows the ' + check.action + ' action'
              : `because no identity-based policy allows the ${check.action} action`,
        }[decision.reason];
        const principal = principalArnOf(caller);
        const message = `User: ${principal} is not authorized to perform: ${check.action} on resource: ${check.resource} ${because}`;
        log(`iam: denied ${principal} (role ${caller.kind === 'role' ? caller.roleArn : principal}) ${check.action} on ${check.resource}`);
        return { allowed: false, message, check };
      }
      return { allowed: true };
    },
  };
}
