/**
 * Task links. A link id is a fresh 128-bit random value; only its sha256 is stored (as
 * the link item's key), so the table never holds a working link. The email carries
 * `<web origin>/t/#<linkId>`: a browser never sends a URL's fragment to a server, so no
 * CDN or API access log, and no Referer, records the secret. The page reads it from
 * location.hash and sends it in the LINK_HEADER of `GET/POST /api/task`; status pages
 * likewise (`/s/<id>#<statusKey>`, STATUS_KEY_HEADER). Links mailed in the older forms
 * (`/t/<linkId>`, `/s/<id>?key=`) still open their pages, which move the secret into the
 * fragment, and the older API forms still answer.
 * Each assignee gets a link of their own, so a decision records who acted.
 */
import { newSecret, SECRET_PATTERN, sha256Hex } from './ids.js';

export { LINK_HEADER, STATUS_KEY_HEADER } from './secret-headers.js';

export interface NewLink {
  linkId: string;
  linkHash: string;
}

export function newLink(): NewLink {
  const linkId = newSecret();
  return { linkId, linkHash: sha256Hex(linkId) };
}

export function isLinkId(value: string | undefined): value is string {
  return !!value && SECRET_PATTERN.test(value);
}

export const linkHashOf = (linkId: string) => sha256Hex(linkId);

export const taskUrl = (webOrigin: string, linkId: string) => `${webOrigin}/t/#${linkId}`;
export const statusUrl = (webOrigin: string, releaseId: string, statusKey: string) => `${webOrigin}/s/${releaseId}#${statusKey}`;

/**
 * The task's own id: derived from the delivery, so a redelivered waitForTaskToken
 * invocation (same execution, stage, round and token) finds the task it already made.
 */
export function taskIdOf(executionId: string, stageId: string, round: number, taskToken: string): string {
  return sha256Hex(`${executionId}\n${stageId}\n${round}\n${taskToken}`);
}
