/**
 * The Step Functions calls the handlers make, behind one narrow port so a test can
 * point them at a fake endpoint (AWS_ENDPOINT_URL_SFN) and the local cloud at its engine.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Decision, ExecutionInput } from '#domain/workflow.js';
import { sfn } from './clients/sfn.js';

/** The token can no longer be used: the execution moved on, timed out or ended. */
export class TokenSpent extends Error {
  override name = 'TokenSpent';
}

const SPENT = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Starts the release's execution. The name is the release id, so a repeated call with
 * the same input returns the same execution instead of starting a twin.
 */
export async function startExecution(stateMachineArn: string, input: ExecutionInput): Promise<string> {
  try {
    const out = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: input.releaseId, input: JSON.stringify(input) }));
    return out.executionArn ?? '';
  } catch (e) {
    // Already started with this name: the ARN is derivable, the execution is ours.
    if ((e as Error).name === 'ExecutionAlreadyExists') {
      return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.releaseId}`;
    }
    throw e;
  }
}

export async function sendDecision(taskToken: string, decision: Decision): Promise<void> {
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }));
  } catch (e) {
    if (SPENT.has((e as Error).name)) throw new TokenSpent((e as Error).name);
    throw e;
  }
}

export async function failTask(taskToken: string, error: string, cause: string): Promise<void> {
  try {
    await sfn.send(new SendTaskFailureCommand({ taskToken, error, cause }));
  } catch (e) {
    if (SPENT.has((e as Error).name)) return;
    throw e;
  }
}
