/**
 * The EventBridge event Step Functions sends when an execution's status changes
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html): the host feeds
 * it to the template's EventBridge rules (e.g. the history archiver).
 */
import { randomUUID } from 'node:crypto';
import type { Execution } from './execution.js';

export interface ExecutionStatusChangeEvent {
  version: '0';
  id: string;
  'detail-type': 'Step Functions Execution Status Change';
  source: 'aws.states';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    executionArn: string;
    stateMachineArn: string;
    name: string;
    status: string;
    startDate: number;
    stopDate: number | null;
    input: string;
    output: string | null;
    inputDetails: { included: boolean };
    outputDetails: { included: boolean } | null;
    error: string | null;
    cause: string | null;
  };
}

export function executionStatusChange(exec: Execution, region: string, account: string): ExecutionStatusChangeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account,
    time: new Date(exec.stopDate ?? exec.startDate).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [exec.arn],
    detail: {
      executionArn: exec.arn,
      stateMachineArn: exec.smArn,
      name: exec.name,
      status: exec.status,
      startDate: exec.startDate,
      stopDate: exec.stopDate ?? null,
      input: exec.input,
      output: exec.output ?? null,
      inputDetails: { included: true },
      outputDetails: exec.output === undefined ? null : { included: true },
      error: exec.error ?? null,
      cause: exec.cause ?? null,
    },
  };
}
