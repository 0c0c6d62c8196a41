/** Small readers over a synthesized template, so the tests speak of handlers, not logical ids. */
import { HANDLER_METADATA_KEY } from '../../infra/cdk/constructs/function.js';
import type { Synthesized } from './synth.js';

type Resource = Synthesized['json']['Resources'][string];
export interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

export function resourcesOfType(s: Synthesized, type: string): [string, Resource][] {
  return Object.entries(s.json.Resources).filter(([, r]) => r.Type === type);
}

export function functionOf(s: Synthesized, handler: string): [string, Resource] {
  const found = resourcesOfType(s, 'AWS::Lambda::Function').find(([, r]) => r.Metadata?.[HANDLER_METADATA_KEY] === handler);
  if (!found) throw new Error(`no function with ${HANDLER_METADATA_KEY}=${handler}`);
  return found;
}

export function envOf(s: Synthesized, handler: string): Record<string, unknown> {
  const [, fn] = functionOf(s, handler);
  return (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
}

/** Every statement of the identity policies attached to the role with this logical id. */
export function statementsOfRole(s: Synthesized, roleLogicalId: string): Statement[] {
  return resourcesOfType(s, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleLogicalId))
    .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
}

export function statementsOfFunction(s: Synthesized, handler: string): Statement[] {
  const [, fn] = functionOf(s, handler);
  const roleId = (fn.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return statementsOfRole(s, roleId);
}

export const actionsOf = (st: Statement) => (Array.isArray(st.Action) ? st.Action : [st.Action]);
export const resourcesOf = (st: Statement) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]);

/** The statements granting this action, and the resources they name. */
export function grantsOf(statements: Statement[], action: string): unknown[] {
  return statements.filter((st) => actionsOf(st).includes(action)).flatMap(resourcesOf);
}

/**
 * The state machine's ASL with each `Fn::GetAtt [X, Arn]` replaced by `<X.Arn>`, so tests can
 * read it as JSON and still see which function each task names.
 */
export function definitionOf(s: Synthesized): { StartAt: string; QueryLanguage: string; States: Record<string, any> } {
  const [[, machine]] = resourcesOfType(s, 'AWS::StepFunctions::StateMachine') as [[string, Resource]];
  const join = (machine.Properties!.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = join
    .map((part) => (typeof part === 'string' ? part : `<${(part as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.')}>`))
    .join('');
  return JSON.parse(text);
}

export const getAttArn = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
