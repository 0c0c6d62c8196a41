/**
 * GetExecutionHistory (https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html):
 * pages of up to 1000 events, oldest first unless reverseOrder, and with
 * includeExecutionData false the input/output strings are left out.
 */
import { paginate } from './paging.js';
import { SfnApiError } from './errors.js';
import type { Execution } from './execution.js';
import type { StoredEvent } from './journal.js';

const DATA_FIELDS = new Set(['input', 'output', 'parameters', 'cause']);

export class HistoryApi {
  constructor(private readonly executions: Map<string, Execution>) {}

  getExecutionHistory(req: {
    executionArn?: string;
    maxResults?: number;
    nextToken?: string;
    reverseOrder?: boolean;
    includeExecutionData?: boolean;
  }): { events: Record<string, unknown>[]; nextToken?: string } {
    const exec = typeof req.executionArn === 'string' ? this.executions.get(req.executionArn) : undefined;
    if (!exec) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(req.executionArn)}'`);
    const ordered = req.reverseOrder ? [...exec.events].reverse() : exec.events;
    const page = paginate(ordered, req.maxResults, req.nextToken);
    const withData = req.includeExecutionData !== false;
    return { events: page.items.map((e) => toHistoryEvent(e, withData)), nextToken: page.nextToken };
  }
}

function toHistoryEvent(event: StoredEvent, withData: boolean): Record<string, unknown> {
  const { timestamp, ...rest } = event;
  const out: Record<string, unknown> = { ...rest, timestamp: new Date(timestamp) };
  if (!withData) {
    for (const [key, value] of Object.entries(out)) {
      if (key.endsWith('Details') && value && typeof value === 'object') {
        out[key] = Object.fromEntries(Object.entries(value).filter(([field]) => !DATA_FIELDS.has(field)));
      }
    }
  }
  return out;
}
