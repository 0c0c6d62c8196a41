/**
 * The periodic report as an HTML email, a plain-text part and a PDF, Indonesian first
 * with English beside it. Every value from a release is escaped.
 */
import { escapeHtml, pdfText } from '../render/escape.js';
import { FONT, newPdf, pdfBytes } from '../render/pdf-engine.js';
import type { PeriodicReport } from './report.js';

const pct = (share: number) => `${Math.round(share * 100)}%`;

function countRows(counts: Record<string, number>): [string, string][] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => [k, String(v)]);
}

export interface ReportSection {
  title: string;
  header: string[];
  rows: string[][];
}

/** The report as sections of rows: one source for the HTML, text and PDF renderings. */
export function reportSections(r: PeriodicReport): ReportSection[] {
  return [
    {
      title: 'Ringkasan / Summary',
      header: ['', 'Jumlah / Count'],
      rows: [
        ['Diterima / Received', String(r.received)],
        ['Dipublikasikan / Published', String(r.published)],
        ['Ditolak / Rejected', String(r.rejected)],
        ['Gagal / Failed', String(r.failed)],
        ['Dalam proses / In progress', String(r.inProgress)],
        ['Nomor batal / Voided numbers', String(r.voided)],
      ],
    },
    { title: 'Menurut jenis berita / By news type', header: ['Jenis / Type', 'Jumlah / Count'], rows: countRows(r.byNewsType) },
    { title: 'Menurut instansi / By institution', header: ['Instansi / Institution', 'Jumlah / Count'], rows: countRows(r.byInstitution) },
    {
      title: 'Media yang dijangkau / Media reached',
      header: ['Jenis media / Media type', 'Jumlah / Count'],
      rows: countRows(r.outletsByType),
    },
    {
      title: 'Waktu per tahap terhadap Mutu Baku / Time per stage against the standard',
      header: [
        'Tahap / Stage',
        'Mutu Baku (menit)',
        'Jumlah / Count',
        'Rata-rata jam kerja (menit) / Average, office hours',
        'Terlama jam kerja / Longest, office hours',
        'Rata-rata berjalan (menit) / Average, elapsed',
        'Terlama berjalan / Longest, elapsed',
        'Sesuai standar / Within',
      ],
      rows: r.stages.map((s) => [
        `${s.label.id} / ${s.label.en}`,
        String(s.mutuBakuMinutes),
        String(s.count),
        String(s.averageWorkingMinutes),
        String(s.maxWorkingMinutes),
        String(s.averageMinutes),
        String(s.maxMinutes),
        pct(s.withinStandardShare),
      ]),
    },
    {
      title: 'Publikasi / Publications',
      header: ['Nomor Agenda / Agenda number', 'Judul / Title', 'Tanggal / Date', 'Tautan / Link'],
      rows: r.publications.map((p) => [p.agendaNumber, p.title, p.publishedAt.slice(0, 10), p.url]),
    },
    {
      title: 'Nomor agenda batal / Voided agenda numbers',
      header: ['Nomor Agenda / Agenda number', 'Alasan / Reason', 'Oleh / By', 'Tanggal / Date'],
      rows: r.voidedNumbers.map((v) => [v.agendaNumber, v.reason, v.by, v.at.slice(0, 10)]),
    },
  ];
}

export function reportTitle(r: PeriodicReport, office: string): { id: string; en: string } {
  const kind = r.period.kind === 'month' ? { id: 'Bulanan', en: 'Monthly' } : { id: 'Semester', en: 'Semester' };
  return { id: `Laporan ${kind.id} ${r.period.label} — ${office}`, en: `${kind.en} report ${r.period.label}` };
}

export function renderReportHtml(r: PeriodicReport, office: string): string {
  const title = reportTitle(r, office);
  const sections = reportSections(r)
    .map((s) => {
      const head = s.header
        .map((h) => `<th style="text-align:left;border-bottom:1px solid #ccc;padding:4px">${escapeHtml(h)}</th>`)
        .join('');
      const body = s.rows.length
        ? s.rows
            .map(
              (row) =>
                `<tr>${row.map((c) => `<td style="padding:4px;border-bottom:1px solid #eee">${/^https?:\/\//.test(c) ? `<a href="${escapeHtml(c)}">${escapeHtml(c)}</a>` : escapeHtml(c)}</td>`).join('')}</tr>`,
            )
            .join('')
        : `<tr><td colspan="${s.header.length}" style="padding:4px;color:#666">— tidak ada / none —</td></tr>`;
      return `<h2 style="font-size:16px">${escapeHtml(s.title)}</h2><table style="border-collapse:collapse;width:100%;font-size:13px"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
    })
    .join('\n');
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escapeHtml(title.id)}</title></head><body style="font-family:system-ui,sans-serif;color:#1d2433;max-width:760px;margin:0 auto;padding:16px"><h1 style="font-size:20px">${escapeHtml(title.id)}</h1><p style="color:#5b6475">${escapeHtml(title.en)} · ${escapeHtml(r.period.from)} – ${escapeHtml(r.period.to)}</p>${sections}</body></html>`;
}

export function renderReportText(r: PeriodicReport, office: string): string {
  const title = reportTitle(r, office);
  const lines = [title.id, title.en, `${r.period.from} – ${r.period.to}`, ''];
  for (const s of reportSections(r)) {
    lines.push(s.title, s.header.join(' | '));
    for (const row of s.rows) lines.push(row.join(' | '));
    if (!s.rows.length) lines.push('— tidak ada / none —');
    lines.push('');
  }
  return lines.join('\n');
}

export async function renderReportPdf(r: PeriodicReport, office: string): Promise<Buffer> {
  const title = reportTitle(r, office);
  const doc = await newPdf({ size: 'A4', margin: 40, info: { Title: title.id, Author: office } });
  doc.font(FONT.bold).fontSize(14).text(pdfText(title.id));
  doc
    .font(FONT.italic)
    .fontSize(10)
    .text(pdfText(`${title.en} · ${r.period.from} – ${r.period.to}`));
  for (const s of reportSections(r)) {
    doc.moveDown(0.8).font(FONT.bold).fontSize(11).text(pdfText(s.title));
    doc.font(FONT.regular).fontSize(9);
    if (!s.rows.length) doc.text('— tidak ada / none —');
    for (const row of s.rows) doc.text(pdfText(row.join('   ·   ')));
  }
  return pdfBytes(doc);
}
