/**
 * What may be uploaded, and what a file really is. The type is read from the file's own
 * bytes (magic numbers), never trusted from the browser or the file name: a renamed
 * executable or HTML page must not reach the archive or the newsroom.
 * Exactly eight types are accepted, those an office's photos, videos, scans and drafts come
 * in and each known by its bytes: JPEG, PNG, WebP, HEIC, MP4, MOV, PDF, DOCX.
 */

export const ALLOWED_TYPES = {
  'image/jpeg': { label: 'JPEG', extension: 'jpg' },
  'image/png': { label: 'PNG', extension: 'png' },
  'image/webp': { label: 'WebP', extension: 'webp' },
  'image/heic': { label: 'HEIC', extension: 'heic' },
  'video/mp4': { label: 'MP4', extension: 'mp4' },
  'video/quicktime': { label: 'MOV', extension: 'mov' },
  'application/pdf': { label: 'PDF', extension: 'pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'DOCX', extension: 'docx' },
} as const;

export type AllowedType = keyof typeof ALLOWED_TYPES;

/** Names browsers and phones use for the same types. */
const ALIASES: Record<string, AllowedType> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heif': 'image/heic',
  'image/heic-sequence': 'image/heic',
  'image/heif-sequence': 'image/heic',
};

/** The canonical allowed type for a declared content type, or undefined when not accepted. */
export function normaliseType(declared: string): AllowedType | undefined {
  const bare = declared.split(';')[0]!.trim().toLowerCase();
  if (Object.hasOwn(ALLOWED_TYPES, bare)) return bare as AllowedType;
  return ALIASES[bare];
}

/** How many leading bytes the detector needs. */
export const HEAD_BYTES = 4100;
/** How many trailing bytes hold a ZIP's central directory (EOCD + longest comment). */
export const ZIP_TAIL_BYTES = 65_557 + 4096;

const ascii = (bytes: Uint8Array, start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));
const startsWith = (bytes: Uint8Array, sig: number[], offset = 0) => sig.every((b, i) => bytes[offset + i] === b);

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'iso7',
  'iso8',
  'iso9',
  'mp41',
  'mp42',
  'avc1',
  'M4V ',
  'M4VH',
  'M4VP',
  'dash',
  'mmp4',
  'f4v ',
  'MSNV',
  'NDAS',
  'XAVC',
]);
/** Top-level atoms an old QuickTime file (no ftyp) starts with. */
const QT_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

function isoBrands(head: Uint8Array): string[] {
  const size = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const end = Math.min(size >= 16 ? size : 16, head.length);
  const brands = [ascii(head, 8, 4)];
  for (let i = 16; i + 4 <= end; i += 4) brands.push(ascii(head, i, 4));
  return brands;
}

function detectIsoMedia(head: Uint8Array): AllowedType | undefined {
  if (ascii(head, 4, 4) !== 'ftyp') return QT_ATOMS.has(ascii(head, 4, 4)) ? 'video/quicktime' : undefined;
  const [major = '', ...compatible] = isoBrands(head);
  if (major === 'qt  ') return 'video/quicktime';
  if (HEIC_BRANDS.has(major)) return 'image/heic';
  // `mif1`/`msf1` are generic HEIF; AVIF shares them, so look for a HEVC brand too.
  if ((major === 'mif1' || major === 'msf1') && compatible.some((b) => HEIC_BRANDS.has(b))) return 'image/heic';
  if (MP4_BRANDS.has(major)) return 'video/mp4';
  if (compatible.includes('qt  ')) return 'video/quicktime';
  return undefined;
}

/** File names of a ZIP from its central directory, found in the archive's last bytes. */
export function zipEntryNames(tail: Uint8Array): string[] {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let eocd = tail.length - 22; eocd >= 0; eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const cdSize = view.getUint32(eocd + 12, true);
    let p = eocd - cdSize;
    if (p < 0) break; // the directory starts before these bytes: fall back to a text search
    const names: string[] = [];
    while (p + 46 <= eocd && view.getUint32(p, true) === 0x02014b50) {
      const nameLength = view.getUint16(p + 28, true);
      const extraLength = view.getUint16(p + 30, true);
      const commentLength = view.getUint16(p + 32, true);
      names.push(new TextDecoder().decode(tail.subarray(p + 46, p + 46 + nameLength)));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  const text = new TextDecoder('latin1').decode(tail);
  return ['[Content_Types].xml', 'word/document.xml'].filter((n) => text.includes(n));
}

/**
 * The type of a file from its first bytes (`head`, at least HEAD_BYTES when the file is
 * that long) and, for ZIP containers, its last bytes (`tail`). Undefined: not accepted.
 */
export function detectType(head: Uint8Array, tail?: Uint8Array): AllowedType | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'image/webp';
  if (ascii(head, 0, 5) === '%PDF-') return 'application/pdf';
  if (head.length >= 12) {
    const iso = detectIsoMedia(head);
    if (iso) return iso;
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) && tail) {
    const names = zipEntryNames(tail);
    if (names.includes('[Content_Types].xml') && names.includes('word/document.xml')) {
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    }
  }
  return undefined;
}

export function needsZipTail(head: Uint8Array): boolean {
  return startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
}

/**
 * Extensions each type goes by. A name whose extension says another type is refused even
 * when the bytes are sound: the officers and the newsroom open a file by its name, so a
 * PDF called `surat.exe` or a JPEG called `foto.html` would be opened as what its name says.
 */
const EXTENSIONS: Record<AllowedType, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/heic': ['heic', 'heif'],
  'video/mp4': ['mp4', 'm4v'],
  'video/quicktime': ['mov', 'qt'],
  'application/pdf': ['pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
};

/** The file name's extension, lower-cased, or '' when it has none. */
export function extensionOf(filename: string): string {
  const base = filename.trim().split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The extensions a type goes by, as a person reads them: `.jpg / .jpeg / ...`. */
export function extensionsLabel(type: AllowedType): string {
  return EXTENSIONS[type].map((e) => `.${e}`).join(' / ');
}

/** Whether the file name's extension is one the type goes by. */
export function extensionMatches(filename: string, type: AllowedType): boolean {
  return EXTENSIONS[type].includes(extensionOf(filename));
}

/** The submitter's file name, safe to show and to put in a Content-Disposition. */
export function displayName(filename: string): string {
  const cleaned = filename.replace(/[\u0000-\u001f\u007f"\\/<>]/g, '_').trim();
  return cleaned.slice(0, 200) || 'berkas';
}

export interface PartPlan {
  multipart: boolean;
  partSize: number;
  partCount: number;
}

/** One PUT below the part size; otherwise parts of `partSize` (S3 allows 10 000 parts). */
export function planParts(size: number, partSize: number): PartPlan {
  if (size < partSize) return { multipart: false, partSize: size, partCount: 1 };
  let effective = partSize;
  while (Math.ceil(size / effective) > 10_000) effective *= 2;
  return { multipart: true, partSize: effective, partCount: Math.ceil(size / effective) };
}
