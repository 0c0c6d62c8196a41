/**
 * cdk-nag names a finding by the resource string as the template has it: a stack bound to
 * an account and region shows them literally, an environment-agnostic stack as the pseudo
 * parameters. Acknowledgements built with these match either way.
 */
import { Stack, Token } from 'aws-cdk-lib';

export function nagAccount(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
}

export function nagRegion(stack: Stack): string {
  return Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
}
