/**
 * The one Powertools tracer of a container. Each AWS client is wrapped by it where it is
 * made (functions/adapters/clients/), so every call shows as a subsegment of the invocation.
 * Powertools turns tracing off by itself outside Lambda and when POWERTOOLS_TRACE_ENABLED
 * is false (the local cloud sets it so); the clients are then left as they are.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

export const tracer = new Tracer({ serviceName: 'warta' });
