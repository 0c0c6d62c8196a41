/**
 * Who is calling a desk route. The session authorizer has already refused a request
 * without a live session; it passes the session's person in the authorizer context
 * (`requestContext.authorizer.lambda`, payload format 2.0), which only API Gateway and
 * the local cloud's router can set. Each desk handler then checks the roles its route
 * admits (contract DESK_ROLES), so a wrong role is refused on the server, not by hiding
 * a link on the page.
 */
import { DESK_ROLES, type HandlerName } from '#contract/handlers.js';
import { Forbidden, SignInNeeded } from '#domain/errors.js';
import type { Role } from '#domain/profiles.js';
import type { HttpEvent } from './respond.js';

export interface DeskCaller {
  sessionId: string;
  personId: string;
  email: string;
  name: string;
  roles: Role[];
}

/** The authorizer's context. Simple responses keep context values flat, so roles travel comma-joined. */
interface DeskAuthorizerContext {
  sessionId?: string;
  personId?: string;
  email?: string;
  name?: string;
  roles?: string;
}

export function deskCallerOf(event: HttpEvent): DeskCaller {
  const context = (event.requestContext as { authorizer?: { lambda?: DeskAuthorizerContext } }).authorizer?.lambda;
  if (!context?.sessionId || !context.personId || !context.email) throw new SignInNeeded('desk.signInNeeded');
  return {
    sessionId: context.sessionId,
    personId: context.personId,
    email: context.email,
    name: context.name ?? context.email,
    roles: (context.roles ?? '').split(',').filter(Boolean) as Role[],
  };
}

/** The caller, when their roles admit them to this handler's route; 401 or 403 otherwise. */
export function requireDeskRole(event: HttpEvent, handler: HandlerName): DeskCaller {
  const caller = deskCallerOf(event);
  const admitted = DESK_ROLES[handler];
  if (!admitted) throw new Forbidden('desk.roleRefused');
  if (admitted !== 'signed-in' && !caller.roles.some((role) => admitted.includes(role))) throw new Forbidden('desk.roleRefused');
  return caller;
}
