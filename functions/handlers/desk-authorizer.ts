/**
 * The desk API's Lambda authorizer (REQUEST, payload 2.0, simple responses): lets a
 * request through only with the cookie of a live session of a person still in the
 * directory, and hands the route who that is in the context (flat values: roles travel
 * comma-joined). API Gateway answers 401 itself when the request has no Cookie header
 * at all (the identity source), and 403 when this says isAuthorized: false.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 * The result is never cached (TTL 0, infra/cdk/constructs/desk-api.ts): sign-out and a
 * changed role count from the next request on.
 */
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { sessionSecretOf } from '#domain/desk-session.js';
import { liveSession } from '#usecases/desk-session.js';
import { logger } from '#runtime/logger.js';

export interface DeskAuthorizerContext {
  sessionId: string;
  personId: string;
  email: string;
  name: string;
  roles: string;
}

type Answer = APIGatewaySimpleAuthorizerWithContextResult<DeskAuthorizerContext | Record<string, never>>;

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<Answer> {
  logger.resetKeys();
  const secret = sessionSecretOf(event.cookies);
  const live = secret ? await liveSession(secret) : undefined;
  if (!live) {
    logger.info('desk request refused: no live session', { routeKey: event.routeKey, cookie: secret ? 'unknown-or-ended' : 'absent' });
    return { isAuthorized: false, context: {} };
  }
  const { session, person } = live;
  return {
    isAuthorized: true,
    context: { sessionId: session.sessionId, personId: person.id, email: person.email, name: person.name, roles: person.roles.join(',') },
  };
}
