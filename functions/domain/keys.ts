/**
 * The single table: every item and the access pattern it serves. Keys are `pk`/`sk`;
 * two sparse GSIs; `expiresAt` (epoch seconds) is the TTL attribute. The local cloud's
 * DynamoDB has no TTL, so code that reads an item with `expiresAt` checks it itself.
 *
 * | item            | pk                     | sk                 | gsi1pk / gsi1sk                      | gsi2pk / gsi2sk            |
 * |-----------------|------------------------|--------------------|--------------------------------------|----------------------------|
 * | release         | RELEASE#<id>           | RELEASE            | RELEASES#<yyyy-mm> / <createdAt>#<id>|                            |
 * | release event   | RELEASE#<id>           | EVENT#<seq:6>      |                                      |                            |
 * | agenda entry    | AGENDA#<year>          | <seq:8>            | AGENDA-OF#<releaseId> / AGENDA       |                            |
 * | archive number  | ARCHIVE#<year>         | <seq:8>            | ARCHIVE-OF#<releaseId> / ARCHIVE     |                            |
 * | task            | TASK#<sha256(linkId)>  | TASK               | TASKS-OF#<releaseId> / <stageId>#<round> | OPEN-TASKS / <dueAt>   |
 * | (decided task)  |                        |                    |                                      | UNDELIVERED / <decidedAt>  |
 * | upload          | UPLOAD#<uploadId>      | UPLOAD             |                                      |                            |
 * | sent mail mark  | MAIL#<idempotency key> | MAIL               | MAILS-OF#<releaseId> / <startedAt>#<key> |                 |
 * | mail outcome    | MAIL-OUTCOME#<SES id>  | MAIL-OUTCOME       |                                      |                            |
 * | client retry    | IDEMPOTENCY#<sha256>   | IDEMPOTENCY        |                                      |                            |
 * | spent captcha   | CAPTCHA#<signature>    | CAPTCHA            |                                      |                            |
 * | suppressed addr | SUPPRESS#<email>       | SUPPRESS           |                                      |                            |
 * | paraf code      | PARAF-CODE#<linkHash>  | PARAF-CODE         |                                      |                            |
 * | person (edits)  | DIRECTORY              | PERSON#<id>        |                                      |                            |
 * | outlet (edits)  | DIRECTORY              | OUTLET#<id>        |                                      |                            |
 * | acting (edits)  | DIRECTORY              | ACTING#<id>        |                                      |                            |
 * | office setting  | DIRECTORY              | SETTING#<name>     |                                      |                            |
 * | directory change| DIRECTORY-HISTORY      | <kind>#<id>#<ver:6>|                                      |                            |
 * | activity record | REPORT#<yyyy-mm>       | <releaseId>        |                                      |                            |
 * | newsroom entry  | NEWSROOM               | RELEASE#<id>       |                                      |                            |
 * | unconfirmed     | CONFIRM#<sha256(token)>| CONFIRM            |                                      | UNCONFIRMED / <deleteAt>   |
 * | held, by id     | HELD#<releaseId>       | HELD               |                                      |                            |
 * | confirmed addr  | SENDER#<sha256(email)> | SENDER             |                                      |                            |
 * | rate window     | LIMIT#<rule>#<subject> | <window start>     |                                      |                            |
 * | sign-in link    | SIGNIN#<sha256(token)> | SIGNIN             |                                      |                            |
 * | desk session    | SESSION#<sha256(secret)>| SESSION           |                                      |                            |
 *
 * Access patterns: a release by id; its events in order; the next agenda/archive number
 * (query the year's partition newest first, then a conditional put of seq+1); a release's
 * agenda entry (gsi1); a task by link (hash of the link id); a release's tasks (gsi1);
 * open tasks due before now (gsi2, for reminders and escalation); decisions stored but
 * not yet delivered to the state machine (gsi2, for the sweep to send again); releases of a period
 * (gsi1); activity records of a month (pk); the published releases the newsroom index and
 * feed are rebuilt from (pk NEWSROOM); a submission waiting for its sender's confirmation by
 * the hash of its token, and those past their deletion time (gsi2, for the sweep to delete);
 * the same one by its release id, for the status link the sender already holds;
 * whether an address was confirmed (pk); a rate limit's counter for one window (pk + sk);
 * the directory's edits and settings (pk DIRECTORY) and their history (pk DIRECTORY-HISTORY);
 * a sign-in link by the hash of its token and a desk session by the hash of its cookie's
 * secret (pk); the mails sent about a release (gsi1), and what SES reported about a sent
 * mail, by the message id its events name (pk).
 */

export const GSI1 = 'gsi1';
export const GSI2 = 'gsi2';
export const TTL_ATTRIBUTE = 'expiresAt';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const keys = {
  release: (id: string) => ({ pk: `RELEASE#${id}`, sk: 'RELEASE' }),
  releaseByPeriod: (createdAt: string, id: string) => ({ gsi1pk: `RELEASES#${createdAt.slice(0, 7)}`, gsi1sk: `${createdAt}#${id}` }),
  releaseEvent: (id: string, seq: number) => ({ pk: `RELEASE#${id}`, sk: `EVENT#${pad(seq, 6)}` }),
  agendaEntry: (year: number, seq: number) => ({ pk: `AGENDA#${year}`, sk: pad(seq, 8) }),
  agendaOf: (releaseId: string) => ({ gsi1pk: `AGENDA-OF#${releaseId}`, gsi1sk: 'AGENDA' }),
  archiveEntry: (year: number, seq: number) => ({ pk: `ARCHIVE#${year}`, sk: pad(seq, 8) }),
  archiveOf: (releaseId: string) => ({ gsi1pk: `ARCHIVE-OF#${releaseId}`, gsi1sk: 'ARCHIVE' }),
  task: (linkHash: string) => ({ pk: `TASK#${linkHash}`, sk: 'TASK' }),
  tasksOf: (releaseId: string, stageId: string, round: number) => ({
    gsi1pk: `TASKS-OF#${releaseId}`,
    gsi1sk: `${stageId}#${pad(round, 3)}`,
  }),
  openTask: (dueAt: string) => ({ gsi2pk: 'OPEN-TASKS', gsi2sk: dueAt }),
  /** A task decided but whose decision has not reached the state machine yet. */
  undeliveredDecision: (decidedAt: string) => ({ gsi2pk: 'UNDELIVERED', gsi2sk: decidedAt }),
  upload: (uploadId: string) => ({ pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' }),
  sentMail: (idempotencyKey: string) => ({ pk: `MAIL#${idempotencyKey}`, sk: 'MAIL' }),
  mailsOf: (releaseId: string, startedAt: string, idempotencyKey: string) => ({
    gsi1pk: `MAILS-OF#${releaseId}`,
    gsi1sk: `${startedAt}#${idempotencyKey}`,
  }),
  /** What SES reported about one sent message (delivered, bounced, complained of). */
  mailOutcome: (messageId: string) => ({ pk: `MAIL-OUTCOME#${messageId}`, sk: 'MAIL-OUTCOME' }),
  /** A client's Idempotency-Key for POST /api/releases, by its sha256. */
  idempotency: (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),
  /** A captcha solution already used, by its challenge's signature (unique per challenge). */
  spentCaptcha: (signature: string) => ({ pk: `CAPTCHA#${signature}`, sk: 'CAPTCHA' }),
  /** The paraf code last mailed to one link's owner (only its hash). */
  parafCode: (linkHash: string) => ({ pk: `PARAF-CODE#${linkHash}`, sk: 'PARAF-CODE' }),
  suppressed: (email: string) => ({ pk: `SUPPRESS#${email.toLowerCase()}`, sk: 'SUPPRESS' }),
  person: (id: string) => ({ pk: 'DIRECTORY', sk: `PERSON#${id}` }),
  outlet: (id: string) => ({ pk: 'DIRECTORY', sk: `OUTLET#${id}` }),
  acting: (id: string) => ({ pk: 'DIRECTORY', sk: `ACTING#${id}` }),
  setting: (name: string) => ({ pk: 'DIRECTORY', sk: `SETTING#${name}` }),
  /** One change of a directory entry or setting, by its version: written once however often the change is retried. */
  directoryChange: (kind: string, id: string, version: number) => ({ pk: 'DIRECTORY-HISTORY', sk: `${kind}#${id}#${pad(version, 6)}` }),
  activity: (month: string, releaseId: string) => ({ pk: `REPORT#${month}`, sk: releaseId }),
  newsroomEntry: (releaseId: string) => ({ pk: 'NEWSROOM', sk: `RELEASE#${releaseId}` }),
  /** A submission held until its sender follows the confirmation link, by the link token's sha256. */
  confirmation: (tokenHash: string) => ({ pk: `CONFIRM#${tokenHash}`, sk: 'CONFIRM' }),
  unconfirmedDue: (deleteAt: string) => ({ gsi2pk: 'UNCONFIRMED', gsi2sk: deleteAt }),
  /** What the status link of a held submission shows (no sender data), by its release id. */
  heldRelease: (releaseId: string) => ({ pk: `HELD#${releaseId}`, sk: 'HELD' }),
  confirmedSender: (emailHash: string) => ({ pk: `SENDER#${emailHash}`, sk: 'SENDER' }),
  rateWindow: (rule: string, subject: string, windowStart: string) => ({ pk: `LIMIT#${rule}#${subject}`, sk: windowStart }),
  /** A desk sign-in link, by its token's sha256. */
  signInLink: (tokenHash: string) => ({ pk: `SIGNIN#${tokenHash}`, sk: 'SIGNIN' }),
  /** A desk session, by the sha256 of its cookie's secret (the session id). */
  deskSession: (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' }),
} as const;
