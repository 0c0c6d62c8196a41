/**
 * The agenda book of a period as its entries, searched: read by the desk's book page and
 * by every export of the book (CSV, JSON, PDF, XLSX).
 */
import { agendaBookRows, searchAgendaBook, type AgendaBookRow } from '#domain/audit/agenda-book.js';
import type { Release } from '#domain/release.js';
import { releasesCreatedBetween } from '#adapters/release-store.js';
import { config } from '#runtime/env.js';

/** A person's name from the office's people, for the book's disposition column. */
function nameOfPerson(): (id: string) => string {
  const names = new Map(config().people.map((p) => [p.id, p.name]));
  return (id) => names.get(id) ?? id;
}

/** The book's entries for releases received in a period, those matching `query` when one is given. */
export async function agendaBook(from: string, to: string, query = ''): Promise<{ rows: AgendaBookRow[]; releases: Release[] }> {
  const releases: Release[] = await releasesCreatedBetween(from, to);
  const rows = searchAgendaBook(agendaBookRows(releases, nameOfPerson()), query);
  const listed = new Set(rows.map((r) => r.releaseId));
  return { rows, releases: releases.filter((r) => listed.has(r.id)) };
}
