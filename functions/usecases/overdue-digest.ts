/**
 * Sends the morning's overdue digests: on a working morning (not a holiday, not a closed
 * weekday) and unless the head of office turned it off, every holder of an overdue task
 * and their superior get one mail. The mail mark `digest#<person>#<local date>` makes it
 * once per person per day however often the schedule runs that morning.
 */
import type { WartaConfig } from '#domain/config.js';
import { profileOf } from '#domain/config.js';
import { formatDateTime } from '#domain/format.js';
import { overdueDigestMail, type DigestLine } from '#domain/mail/overdue-digest.js';
import { localDateOf } from '#domain/office-clock.js';
import { calendarOf } from '#domain/office-structure.js';
import { digestMailKey, digestsOf, isDigestMorning, type OverdueTask } from '#domain/overdue-digest.js';
import { peopleOnDuty } from '#domain/people.js';
import { stageById } from '#domain/profiles.js';
import type { Release } from '#domain/release.js';
import { MailThrottled } from '#runtime/errors.js';
import { logger } from '#runtime/logger.js';
import { loadDirectory, loadSettings } from '#adapters/directory-store.js';
import { sendMail } from '#adapters/mailer.js';
import { findRelease } from '#adapters/release-store.js';
import { openTasksDueBefore } from '#adapters/task-store.js';

export interface DigestResult {
  /** Why nothing was sent: the head turned it off, or it is not a working morning. */
  skipped?: 'turned-off' | 'not-a-working-morning';
  sent: number;
  alreadySent: number;
  failed: number;
}

export async function sendOverdueDigests(cfg: WartaConfig, webOrigin: string, now: Date): Promise<DigestResult> {
  const result: DigestResult = { sent: 0, alreadySent: 0, failed: 0 };
  const calendar = calendarOf(cfg);
  if (!isDigestMorning(calendar, now)) return { ...result, skipped: 'not-a-working-morning' };
  if (!(await loadSettings()).overdueDigest.enabled) return { ...result, skipped: 'turned-off' };

  const profile = profileOf(cfg);
  const today = localDateOf(calendar, now);
  const { people: everyone, acting } = await loadDirectory();
  const people = peopleOnDuty(everyone, acting, today);
  const tasks = (await openTasksDueBefore(now.toISOString())).filter((t) => profile.stages.some((s) => s.id === t.stageId));
  const digests = digestsOf(
    tasks.map((task) => ({ task, role: stageById(profile, task.stageId).role })),
    people,
    { organization: cfg.organization, acting },
    calendar,
    now,
  );
  const releases = new Map<string, Release | undefined>();
  const releaseOf = async (id: string) => {
    if (!releases.has(id)) releases.set(id, await findRelease(id));
    return releases.get(id);
  };

  for (const digest of digests) {
    const { person } = digest;
    const locale = person.locale;
    const lineOf = async ({ task, holderNames }: OverdueTask): Promise<DigestLine> => {
      const release = await releaseOf(task.releaseId);
      return {
        stageLabel: stageById(profile, task.stageId).label[locale],
        title: release?.submission.title ?? task.releaseId,
        agendaNumber: release?.agendaNumber ?? '-',
        due: formatDateTime(task.dueAt, locale, cfg.office.timeZone),
        holders: holderNames,
      };
    };
    try {
      const mail = overdueDigestMail({
        locale,
        officeName: cfg.office.name[locale],
        personName: person.name,
        date: today,
        own: await Promise.all(digest.own.map(lineOf)),
        staff: await Promise.all(digest.staff.map(lineOf)),
        deskUrl: `${webOrigin}/meja`,
      });
      const sent = await sendMail({ to: person.email, toName: person.name, ...mail, idempotencyKey: digestMailKey(person.id, today) });
      if (sent === 'sent') result.sent++;
      else result.alreadySent++;
    } catch (e) {
      result.failed++;
      if (e instanceof MailThrottled) {
        logger.warn('SES throttled the digest; the next run this morning continues');
        break;
      }
      logger.error('overdue digest not sent', { personId: person.id, error: (e as Error).name });
    }
  }
  return result;
}
