/**
 * Stands in for nodemailer's table of about 2,000 media types and file extensions
 * (`nodemailer/dist/esm/mime-funcs/mime-types.js`, 74 kB of the bundle) in the Lambda
 * bundles. Nodemailer asks it for a part's Content-Type only when the part has none, and
 * for a file-name extension only when an attachment has no file name; Warta gives every
 * part both (functions/adapters/mailer.ts). Should that ever change, the types Warta sends and
 * accepts get nodemailer's own answers from the entries below, and anything else its
 * defaults: test/unit/stand-ins.test.ts compares both with the real table.
 */
import { parse } from 'node:path';

const DEFAULT_TYPE = 'application/octet-stream';

/** Type, the extension nodemailer gives it, then other extensions it maps to the type. */
const KNOWN: [type: string, extension: string, ...others: string[]][] = [
  ['application/pdf', 'pdf'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['image/jpeg', 'jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
  ['video/mp4', 'mp4'],
  ['video/quicktime', 'mov'],
  ['text/plain', 'txt'],
  ['text/html', 'html', 'htm'],
  ['text/csv', 'csv'],
];

const EXTENSION_OF = new Map(KNOWN.map(([type, extension]) => [type, extension]));
const TYPE_OF = new Map(KNOWN.flatMap(([type, ...extensions]) => extensions.map((extension) => [extension, type] as const)));

/** The media type for a file name or a bare extension ("report.pdf", "pdf"). */
export function detectMimeType(filename?: string): string {
  if (!filename) return DEFAULT_TYPE;
  const { ext, name } = parse(filename);
  const extension = (ext.slice(1) || name || '').split('?')[0]!.trim().toLowerCase();
  return TYPE_OF.get(extension) ?? DEFAULT_TYPE;
}

/** The file-name extension for a media type; "txt" for other text, "bin" for the rest. */
export function detectExtension(mimeType?: string): string {
  if (!mimeType) return 'bin';
  const [root = '', ...rest] = mimeType.toLowerCase().trim().split('/');
  const extension = EXTENSION_OF.get(`${root.trim()}/${rest.join('/').trim()}`);
  if (extension) return extension;
  return root.trim() === 'text' ? 'txt' : 'bin';
}
