/**
 * Searching the agenda book: every word of the query must be found in the title, sender,
 * institution, agenda number or letter number, in any case and with or without diacritics.
 */
import { describe, expect, it } from 'vitest';
import { searchAgendaBook, type AgendaBookRow } from '../../functions/domain/audit/agenda-book.js';

function entry(agendaNumber: string, fields: Partial<AgendaBookRow>): AgendaBookRow {
  return {
    agendaNumber,
    agendaSeq: 1,
    agendaYear: 2026,
    receivedAt: '2026-12-01T01:00:00Z',
    sender: '',
    institution: '',
    newsType: 'kegiatan',
    title: '',
    status: 'in-progress',
    classification: '',
    archiveNumber: '',
    releaseId: agendaNumber,
    voided: '',
    voidReason: '',
    voidedBy: '',
    voidedAt: '',
    letterNumber: '',
    letterDate: '',
    disposition: 'Nurul Fitriani: Liput Bappeda. (segera)',
    ...fields,
  };
}

const book = [
  entry('001/PR/DKIP-MU/2026', { title: 'Peresmian Jembatan Sofifi', sender: 'Siti Aminah', institution: 'Dinas PUPR' }),
  entry('002/PR/DKIP-MU/2026', { title: 'Rapat Kerja Daerah', sender: 'Yusuf', institution: 'Bappeda', letterNumber: '005/BAP/XII/2026' }),
  entry('003/PR/DKIP-MU/2026', { title: 'Vaksinasi di Pulau Morotai', sender: 'dr. Renée', institution: 'Dinas Kesehatan' }),
];
const numbers = (rows: AgendaBookRow[]) => rows.map((r) => r.agendaNumber.slice(0, 3));

describe('searching the agenda book', () => {
  it.each([
    ['jembatan', ['001']],
    ['BAPPEDA', ['002']],
    ['siti', ['001']],
    ['002/PR', ['002']],
    ['005/BAP', ['002']],
    ['dinas', ['001', '003']],
    ['dinas morotai', ['003']],
    ['renee', ['003']],
    ['  ', ['001', '002', '003']],
  ])('"%s" finds %j', (query, expected) => {
    expect(numbers(searchAgendaBook(book, query))).toEqual(expected);
  });

  it('does not search the disposition, which names the office, not the sender', () => {
    expect(searchAgendaBook(book, 'liput')).toEqual([]);
  });
});
