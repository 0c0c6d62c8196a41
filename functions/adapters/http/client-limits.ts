/**
 * Per-client limits of the public routes, by the caller's source IP as API Gateway saw it
 * (`requestContext.http.sourceIp`: the connection's peer, never a header the caller sets).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import type { LimitRuleSpec } from '#domain/limits.js';
import { takeFromLimit } from '#adapters/rate-limiter.js';
import type { HttpEvent } from './respond.js';

export async function limitBySourceIp(event: HttpEvent, rule: LimitRuleSpec, now: Date = new Date()): Promise<void> {
  const ip = event.requestContext?.http?.sourceIp;
  // Every API Gateway event names it; an event without one (a test's hand-made event) is not limited by IP.
  if (!ip) return;
  await takeFromLimit(rule, ip, now);
}
