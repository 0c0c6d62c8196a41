/**
 * The agenda book (Buku Agenda): one gap-free yearly sequence of received releases.
 * releases-create and the register stage both call `ensureAgendaNumber`; whichever runs
 * first claims the number, the other finds the claim.
 */
import { agendaPartition, formatNumber, yearMonthIn } from '#domain/agenda.js';
import type { WartaConfig } from '#domain/config.js';
import { keys } from '#domain/keys.js';
import { claimSequence, type ClaimOptions } from './sequence-store.js';

export interface AgendaNumber {
  agendaNumber: string;
  agendaYear: number;
  agendaSeq: number;
}

/** The book's columns for one release (the Babel SOP's disposition form). */
export interface AgendaColumns {
  receivedAt: string;
  newsType: string;
  title: string;
  sender: string;
  institution: string;
}

export async function ensureAgendaNumber(
  cfg: WartaConfig,
  releaseId: string,
  columns: AgendaColumns,
  options: Pick<ClaimOptions, 'fresh'> = {},
): Promise<AgendaNumber & { alreadyClaimed: boolean }> {
  const { year, month } = yearMonthIn(new Date(columns.receivedAt), cfg.office.timeZone);
  const claim = await claimSequence(agendaPartition(year), releaseId, keys.agendaOf(releaseId), { ...columns }, options);
  const agendaNumber = formatNumber(cfg.numbering.agenda, {
    seq: claim.seq,
    seqDigits: cfg.numbering.seqDigits,
    year,
    month,
    code: cfg.office.agendaCode,
    unit: cfg.office.unitCode,
  });
  return { agendaNumber, agendaYear: year, agendaSeq: claim.seq, alreadyClaimed: claim.alreadyClaimed };
}
