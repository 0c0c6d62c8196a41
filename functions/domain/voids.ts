/**
 * Voided agenda numbers (nomor batal). As in a paper agenda book, a number given by
 * mistake (a duplicate submission, a test entry) is struck through with who, when and why,
 * never erased and never given again: the entry and its release stay, marked batal, and
 * every export shows them so.
 *
 * Only a release whose workflow has ended without a publication can have its number voided
 * (rejected or failed). A release still in process is refused, with the reason: its
 * approvers hold live task links and the state machine owns its status, so the office ends
 * it in its own workflow first (reject it at review), and voids the number afterwards. A
 * published, archived or completed release is refused for good: its number is printed in
 * the published page and in the locked archive, which a void cannot change.
 */
import * as z from 'zod/mini';
import type { Release, ReleaseStatus } from './release.js';

export interface VoidMark {
  /** Who voided it: the officer's IAM identity (ARN), the CLI's operator name, or the desk's signed-in person (`Name <email>`). */
  by: string;
  at: string;
  reason: string;
}

export const VOIDABLE_STATUSES: readonly ReleaseStatus[] = ['rejected', 'failed'];
const RUNNING_STATUSES: readonly ReleaseStatus[] = ['received', 'in-progress'];

export const voidRequestSchema = z.object({
  agendaNumber: z.string().check(z.trim(), z.minLength(1, 'invalid.required'), z.maxLength(100, 'invalid.tooLong')),
  reason: z.string().check(z.trim(), z.minLength(5, 'agenda.voidReasonShort'), z.maxLength(500, 'invalid.tooLong')),
});
export type VoidRequest = z.output<typeof voidRequestSchema>;

/** Why this release's number cannot be voided now (a message key), or undefined when it can. */
export function voidRefusal(release: Pick<Release, 'status'>): 'agenda.voidRunning' | 'agenda.voidPublished' | undefined {
  if (VOIDABLE_STATUSES.includes(release.status)) return undefined;
  return RUNNING_STATUSES.includes(release.status) ? 'agenda.voidRunning' : 'agenda.voidPublished';
}

/** The four-digit years an agenda number names, where its book entry may be looked up. */
export function yearsIn(agendaNumber: string): number[] {
  return [...new Set([...agendaNumber.matchAll(/(?<!\d)(\d{4})(?!\d)/g)].map((m) => Number(m[1])).filter((y) => y >= 2000 && y <= 2999))];
}

/** The word an export writes beside a voided entry. */
export const BATAL = 'BATAL';
