/**
 * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. The answer is journaled before
 * the waiting task hears it, so an answer accepted just before a crash is not lost.
 * Unknown, spent and malformed tokens are answered as AWS does
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html):
 * a malformed token is InvalidToken, a token no task ever had is TaskDoesNotExist, and a
 * token whose task already finished (answered, failed, timed out, execution closed) is
 * TaskTimedOut.
 */
import { SfnApiError } from './errors.js';
import type { Execution } from './execution.js';
import { readToken } from './task.js';

export class TaskApi {
  constructor(private readonly executions: Map<string, Execution>) {}

  sendTaskSuccess(req: { taskToken?: string; output?: string }): Record<string, never> {
    const exec = this.openTask(req.taskToken);
    let output: unknown;
    try {
      output = JSON.parse(req.output ?? '');
    } catch {
      throw new SfnApiError('InvalidOutput', `Invalid Output: '${String(req.output).slice(0, 100)}'`);
    }
    this.settle(exec, { t: 'tokres', token: req.taskToken!, ok: true, output });
    return {};
  }

  sendTaskFailure(req: { taskToken?: string; error?: string; cause?: string }): Record<string, never> {
    const exec = this.openTask(req.taskToken);
    this.settle(exec, { t: 'tokres', token: req.taskToken!, ok: false, error: req.error ?? '', cause: req.cause ?? '' });
    return {};
  }

  sendTaskHeartbeat(req: { taskToken?: string }): Record<string, never> {
    const exec = this.openTask(req.taskToken);
    exec.waiters.get(req.taskToken!)?.heartbeat();
    return {};
  }

  private openTask(token: string | undefined): Execution {
    if (typeof token !== 'string' || token.length === 0 || token.length > 1024) throw new SfnApiError('InvalidToken', 'Invalid Token');
    const ref = readToken(token);
    if (!ref) throw new SfnApiError('InvalidToken', `Invalid Token: '${token.slice(0, 40)}...'`);
    const exec = this.executions.get(ref.e);
    if (!exec || exec.tokenKeys.get(token) !== ref.k) throw new SfnApiError('TaskDoesNotExist', 'Task Does Not Exist');
    if (exec.status !== 'RUNNING' || exec.endedTokens.has(token) || exec.tokenResults.has(token)) {
      throw new SfnApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    return exec;
  }

  private settle(exec: Execution, outcome: Parameters<Execution['record']>[0] & { t: 'tokres' }): void {
    exec.record(outcome);
    exec.waiters.get(outcome.token)?.settle(outcome);
  }
}
