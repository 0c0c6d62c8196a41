/**
 * Archive classification and numbering (Permendagri 83/2022 codes, e.g. 400.14.9
 * publikasi media): the code follows the news type, the number is the next of the
 * office's yearly archive sequence written with its template. The sequence itself is
 * claimed in the store (`ARCHIVE#<year>`); this module only decides and formats.
 */
import { formatNumber, yearMonthIn } from './agenda.js';
import type { WartaConfig } from './config.js';
import type { Words } from './render/words.js';

export interface Classification {
  code: string;
  label?: Words;
}

export function classificationFor(cfg: WartaConfig, newsType: string): Classification {
  const code = cfg.classification.byNewsType[newsType] ?? cfg.classification.default;
  const label = cfg.classification.labels[code];
  return label ? { code, label } : { code };
}

/** The archive year: the office's own calendar year at the moment of archiving. */
export function archiveYear(cfg: WartaConfig, at: Date): { year: number; month: number } {
  return yearMonthIn(at, cfg.office.timeZone);
}

export function formatArchiveNumber(cfg: WartaConfig, seq: number, classification: string, at: { year: number; month: number }): string {
  return formatNumber(cfg.numbering.archive, {
    seq,
    seqDigits: cfg.numbering.seqDigits,
    year: at.year,
    month: at.month,
    code: cfg.office.agendaCode,
    unit: cfg.office.unitCode,
    classification,
  });
}

/** Where a release lies in the archive bucket: `releases/<year>/<agendaSeq>-<id>/`. */
export function archiveFolder(release: { id: string; agendaYear: number; agendaSeq: number }): string {
  return `releases/${release.agendaYear}/${String(release.agendaSeq).padStart(3, '0')}-${release.id}/`;
}
