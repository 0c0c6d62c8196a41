/**
 * Asking for a paraf code and checking one (functions/domain/paraf-code.ts says why).
 * Asking twice within a minute is one request: no second code and no second mail, unless
 * the first mail never left (then a fresh code goes out).
 */
import type { WartaConfig } from '#domain/config.js';
import { Forbidden, Gone } from '#domain/errors.js';
import { linkHashOf } from '#domain/links.js';
import { parafCodeMail } from '#domain/mail/paraf-code.js';
import { checkParafCode, isSameRequest, newParafCode, newParafCodeItem, PARAF_CODE } from '#domain/paraf-code.js';
import { alreadySent, sendMail } from '#adapters/mailer.js';
import { countWrongTry, findParafCode, putParafCode } from '#adapters/paraf-code-store.js';
import type { OpenedTask } from './task-access.js';

const mailKey = (linkHash: string, sentAt: string) => `paraf-code#${linkHash}#${sentAt}`;

export async function requestParafCode(
  cfg: WartaConfig,
  o: OpenedTask,
  linkId: string,
  now: Date = new Date(),
): Promise<{ validUntil: string; repeated: boolean }> {
  const linkHash = linkHashOf(linkId);
  const last = await findParafCode(linkHash);
  if (isSameRequest(last, now) && (await alreadySent(mailKey(linkHash, last.sentAt))))
    return { validUntil: last.validUntil, repeated: true };

  const code = newParafCode();
  const item = newParafCodeItem(linkHash, o.task.taskId, o.person.id, code, now);
  await putParafCode(item);
  const locale = o.person.locale;
  const mail = parafCodeMail({
    locale,
    officeName: cfg.office.name[locale],
    personName: o.person.name,
    stageLabel: o.stage.label[locale],
    title: o.release.draft?.title ?? o.release.submission.title,
    agendaNumber: o.release.agendaNumber,
    code,
  });
  await sendMail({
    to: o.person.email,
    toName: o.person.name,
    ...mail,
    idempotencyKey: mailKey(linkHash, item.sentAt),
    releaseId: o.release.id,
  });
  return { validUntil: item.validUntil, repeated: false };
}

/** Lets the decision through with the right code; otherwise says what is missing, and counts a wrong try. */
export async function requireParafCode(linkId: string, presented: string | undefined, now: Date = new Date()): Promise<void> {
  const item = await findParafCode(linkHashOf(linkId));
  switch (checkParafCode(item, presented, now)) {
    case 'ok':
      return;
    case 'missing':
      throw new Forbidden('paraf.codeRequired');
    case 'expired':
      throw new Gone('paraf.codeExpired');
    case 'locked':
      throw new Forbidden('paraf.codeLocked');
    case 'wrong': {
      const counted = await countWrongTry(item!);
      if (!counted) throw new Forbidden('paraf.codeLocked');
      const left = PARAF_CODE.maxAttempts - item!.attempts - 1;
      throw left > 0 ? new Forbidden('paraf.codeWrong', { left }) : new Forbidden('paraf.codeLocked');
    }
  }
}
