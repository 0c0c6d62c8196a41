/**
 * The Step Functions JSON API over HTTP (awsJson1_0): `POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Operation>`, JSON in and out, timestamps as epoch
 * seconds, errors as `{"__type": "...#<Name>", "message"}` so that the real SFNClient,
 * pointed here by `endpoint`, raises the named exception.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Engine } from './engine.js';
import { SfnApiError } from './errors.js';

type Operation = (engine: Engine, body: Record<string, unknown>) => unknown;

const OPERATIONS: Record<string, Operation> = {
  CreateStateMachine: (e, b) => e.createStateMachine(b),
  UpdateStateMachine: (e, b) => e.updateStateMachine(b),
  DescribeStateMachine: (e, b) => e.describeStateMachine(b),
  ListStateMachines: (e, b) => e.listStateMachines(b),
  DeleteStateMachine: (e, b) => e.deleteStateMachine(b),
  ValidateStateMachineDefinition: (e, b) => {
    const problems = e.validateDefinition(String(b.definition ?? ''));
    return {
      result: problems.length === 0 ? 'OK' : 'FAIL',
      diagnostics: problems.map((message) => ({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message })),
    };
  },
  StartExecution: (e, b) => e.startExecution(b),
  DescribeExecution: (e, b) => e.describeExecution(b),
  ListExecutions: (e, b) => e.listExecutions(b),
  StopExecution: (e, b) => e.stopExecution(b),
  GetExecutionHistory: (e, b) => e.getExecutionHistory(b),
  SendTaskSuccess: (e, b) => e.sendTaskSuccess(b),
  SendTaskFailure: (e, b) => e.sendTaskFailure(b),
  SendTaskHeartbeat: (e, b) => e.sendTaskHeartbeat(b),
};

/**
 * A switch of the local cloud, never of production code: the operations answered 503
 * ServiceUnavailable, as in an outage of Step Functions, each with how many calls it refused.
 */
export type Outages = Map<string, number>;

export function createApiServer(engine: Engine, outages: Outages = new Map()): Server {
  return createServer((req, res) => {
    handle(engine, outages, req, res).catch((err: unknown) =>
      send(res, 500, { __type: 'com.amazonaws.states#InternalFailure', message: String(err) }),
    );
  });
}

async function handle(engine: Engine, outages: Outages, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = String(req.headers['x-amz-target'] ?? '');
  const [service, operation = ''] = target.split('.');
  const op = service === 'AWSStepFunctions' ? OPERATIONS[operation] : undefined;
  if (req.method !== 'POST' || !op) {
    return send(res, 400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: `Unknown operation: '${target}'` });
  }
  const refused = outages.get(operation);
  if (refused !== undefined) {
    outages.set(operation, refused + 1);
    return send(res, 503, { __type: 'com.amazonaws.states#ServiceUnavailable', message: 'Service is unavailable' });
  }
  let body: Record<string, unknown>;
  try {
    const text = Buffer.concat(chunks).toString('utf8');
    body = text.length === 0 ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return send(res, 400, { __type: 'com.amazon.coral.service#SerializationException', message: 'Request body is not valid JSON' });
  }
  try {
    send(res, 200, toWire(op(engine, body)));
  } catch (err) {
    if (err instanceof SfnApiError) return send(res, err.status, { __type: `com.amazonaws.states#${err.type}`, message: err.message });
    throw err;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
  });
  res.end(text);
}

/** Dates become epoch seconds, undefined members disappear, as the JSON protocol wants. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toWire(item);
    return out;
  }
  return value;
}
