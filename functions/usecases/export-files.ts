/**
 * What every export file is made of: its formats and content types, the scope and the
 * executions it covers, and the SHA-256 of its bytes. Shared by the auditor exports and
 * the desk's agenda workbook, which need none of each other's code.
 */
import type { ExportFile, ExportMeta } from '#domain/audit/export.js';
import { sha256Hex } from '#domain/ids.js';
import type { Release } from '#domain/release.js';

export const EXPORT_FORMATS = ['csv', 'json', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The desk also exports the agenda book as a workbook (agenda-workbook.ts). */
export type FileFormat = ExportFormat | 'xlsx';

const CONTENT_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export type Scope = { releaseId: string } | { from: string; to: string };

export function metaOf(scope: Scope, releases: Release[]): ExportMeta {
  return {
    generatedAt: new Date().toISOString(),
    scope,
    executions: releases.map((r) => r.executionArn).filter((x): x is string => Boolean(x)),
  };
}

export function file(
  body: string | Buffer,
  format: FileFormat,
  name: string,
  meta: ExportMeta,
  problems: ExportFile['problems'],
): ExportFile {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    body: bytes,
    contentType: CONTENT_TYPES[format],
    filename: `${name}.${format}`,
    sha256: sha256Hex(bytes),
    executions: meta.executions,
    problems,
  };
}
