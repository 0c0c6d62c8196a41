/** GET /api/desk/me -> 200 {sessionId, personId, email, name, roles}: who is signed in, for the desk's header and menu. */
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { httpHandler } from '#adapters/http/respond.js';

export const handler = httpHandler((event) => {
  const caller = requireDeskRole(event, 'desk-me');
  return Promise.resolve({ status: 200, body: caller });
});
