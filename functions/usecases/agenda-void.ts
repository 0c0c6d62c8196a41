/**
 * Voids an agenda number (batal): finds the book's entry by the number as it was written,
 * checks that its release may lose it (domain/voids.ts), then marks the release, the book's
 * entry and the release's event log. The number is never claimed again: the entry stays
 * in its partition, so the sequence goes on past it. Safe to run twice: a number already
 * voided answers with the first void, and a run cut short is completed by the next.
 */
import { agendaPartition, formatNumber, yearMonthIn } from '#domain/agenda.js';
import type { WartaConfig } from '#domain/config.js';
import { Conflict, NotFound } from '#domain/errors.js';
import { EVENT_TYPES } from '#domain/events.js';
import type { Release } from '#domain/release.js';
import { VOIDABLE_STATUSES, voidRefusal, yearsIn, type VoidMark, type VoidRequest } from '#domain/voids.js';
import { appendEvent, getRelease, updateRelease } from '#adapters/release-store.js';
import { listSequence, updateSequenceEntry, type SequenceEntry } from '#adapters/sequence-store.js';

export interface VoidOutcome {
  agendaNumber: string;
  releaseId: string;
  voided: VoidMark;
  /** The number had been voided before: nothing changed but what an earlier run left undone. */
  alreadyVoided: boolean;
}

async function findEntry(cfg: WartaConfig, agendaNumber: string): Promise<{ year: number; entry: SequenceEntry } | undefined> {
  for (const year of yearsIn(agendaNumber)) {
    for (const entry of await listSequence(agendaPartition(year))) {
      const receivedAt = typeof entry.receivedAt === 'string' ? entry.receivedAt : entry.claimedAt;
      const { month } = yearMonthIn(new Date(receivedAt), cfg.office.timeZone);
      const written = formatNumber(cfg.numbering.agenda, {
        seq: entry.seq,
        seqDigits: cfg.numbering.seqDigits,
        year,
        month,
        code: cfg.office.agendaCode,
        unit: cfg.office.unitCode,
      });
      if (written === agendaNumber) return { year, entry };
    }
  }
  return undefined;
}

export async function voidAgendaNumber(cfg: WartaConfig, request: VoidRequest, by: string, now: Date = new Date()): Promise<VoidOutcome> {
  const found = await findEntry(cfg, request.agendaNumber);
  if (!found) throw new NotFound('agenda.notFound', { agendaNumber: request.agendaNumber });
  let release: Release = await getRelease(found.entry.releaseId);
  const alreadyVoided = release.voided !== undefined;
  if (!release.voided) {
    const refusal = voidRefusal(release);
    if (refusal) throw new Conflict(refusal, { agendaNumber: request.agendaNumber, status: release.status });
    const mark: VoidMark = { by, at: now.toISOString(), reason: request.reason };
    try {
      release = await updateRelease(
        release.id,
        { voided: mark },
        {
          expectStatus: [...VOIDABLE_STATUSES],
          condition: { expression: 'attribute_not_exists(#voided)', names: { '#voided': 'voided' } },
        },
      );
    } catch (e) {
      // Another run voided it meanwhile: theirs is the void.
      if (!(e instanceof Conflict)) throw e;
      release = await getRelease(release.id);
      if (!release.voided) throw e;
    }
  }
  const voided = release.voided!;
  await updateSequenceEntry(agendaPartition(found.year), found.entry.seq, {
    voidedAt: voided.at,
    voidedBy: voided.by,
    voidReason: voided.reason,
  });
  await appendEvent(release.id, {
    type: EVENT_TYPES.agendaVoided,
    actorId: voided.by,
    data: { agendaNumber: request.agendaNumber, reason: voided.reason, at: voided.at },
    key: 'agenda-voided',
  });
  return { agendaNumber: request.agendaNumber, releaseId: release.id, voided, alreadyVoided };
}
