import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import {
  detectType,
  displayName,
  extensionMatches,
  extensionOf,
  needsZipTail,
  normaliseType,
  planParts,
  zipEntryNames,
} from '../../functions/domain/uploads.js';

const MiB = 1024 * 1024;
const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const isoFile = (major: string, compatible: string[] = []) => {
  const size = 16 + compatible.length * 4;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], compatible.join(''), 'x'.repeat(40));
};

/** A small ZIP (deflated entries, central directory at the end) with the given file names. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const data = deflateRawSync(Buffer.from(`<xml>${name}</xml>`));
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt16LE(n.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    central.push(cd, n);
    offset += 30 + n.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(names.length, 8);
  eocd.writeUInt16LE(names.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, eocd]);
}

describe('type detection by magic bytes', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif'), 'image/jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'image/png'],
    ['WebP', bytes('RIFF', [0x10, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['HEIC', isoFile('heic', ['mif1', 'heic']), 'image/heic'],
    ['HEIF with a HEVC brand', isoFile('mif1', ['mif1', 'heic']), 'image/heic'],
    ['MP4', isoFile('isom', ['isom', 'avc1']), 'video/mp4'],
    ['MP4 (mp42)', isoFile('mp42'), 'video/mp4'],
    ['MOV', isoFile('qt  ', ['qt  ']), 'video/quicktime'],
    ['old MOV without ftyp', bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 8], 'mdat'), 'video/quicktime'],
  ])('knows %s', (_name, head, expected) => {
    // Act
    const type = detectType(head);
    // Assert
    expect(type).toBe(expected);
  });

  it.each([
    ['HTML', bytes('<!doctype html><script>')],
    ['GIF', bytes('GIF89a')],
    ['AVIF (HEIF without HEVC)', isoFile('avif', ['mif1', 'avif'])],
    ['an M4A audio file', isoFile('M4A ')],
    ['a Windows executable', bytes('MZ', [0x90, 0])],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s', (_name, head) => {
    // Act + Assert
    expect(detectType(head)).toBeUndefined();
  });

  it('tells a DOCX from another ZIP by its central directory', () => {
    // Prepare
    const docx = zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    const xlsx = zip(['[Content_Types].xml', 'xl/workbook.xml']);
    // Act
    const asDocx = detectType(docx.subarray(0, 4100), docx);
    const asXlsx = detectType(xlsx.subarray(0, 4100), xlsx);
    const withoutTail = detectType(docx.subarray(0, 4100));
    // Assert
    expect(needsZipTail(docx)).toBe(true);
    expect(zipEntryNames(docx)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(asDocx).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(asXlsx).toBeUndefined();
    expect(withoutTail).toBeUndefined();
  });
});

describe('declared types, names and parts', () => {
  it('accepts exactly the eight types and their common aliases', () => {
    expect(normaliseType('image/JPG')).toBe('image/jpeg');
    expect(normaliseType('image/heif')).toBe('image/heic');
    expect(normaliseType('video/quicktime; codecs=x')).toBe('video/quicktime');
    expect(normaliseType('image/gif')).toBeUndefined();
    expect(normaliseType('text/html')).toBeUndefined();
  });

  it('makes a file name safe to show', () => {
    expect(displayName('foto "rapat"/<b>.jpg')).toBe('foto _rapat___b_.jpg');
    expect(displayName('a\r\nBcc: x@y.z')).toBe('a__Bcc: x@y.z');
    expect(displayName('   ')).toBe('berkas');
  });

  it('uses one PUT below the part size and parts from it on, never more than 10 000', () => {
    expect(planParts(5 * MiB - 1, 5 * MiB)).toEqual({ multipart: false, partSize: 5 * MiB - 1, partCount: 1 });
    expect(planParts(5 * MiB, 5 * MiB)).toEqual({ multipart: true, partSize: 5 * MiB, partCount: 1 });
    expect(planParts(2 * 1024 * MiB, 16 * MiB)).toEqual({ multipart: true, partSize: 16 * MiB, partCount: 128 });
    const huge = planParts(60_000 * 5 * MiB, 5 * MiB);
    expect(huge.partCount).toBeLessThanOrEqual(10_000);
    expect(huge.partSize * huge.partCount).toBeGreaterThanOrEqual(60_000 * 5 * MiB);
  });

  it('takes a file name only when its extension is one of its type, in any case', () => {
    // Act
    const taken = [
      extensionMatches('Foto Kegiatan.JPG', 'image/jpeg'),
      extensionMatches('a.jpeg', 'image/jpeg'),
      extensionMatches('klip.mov', 'video/quicktime'),
      extensionMatches('surat.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ];
    const refused = [
      extensionMatches('foto.exe', 'image/jpeg'),
      extensionMatches('surat.pdf.exe', 'application/pdf'),
      extensionMatches('foto', 'image/jpeg'),
      extensionMatches('.jpg', 'image/jpeg'),
      extensionMatches('foto.png', 'image/jpeg'),
    ];
    // Assert
    expect(taken).toEqual([true, true, true, true]);
    expect(refused).toEqual([false, false, false, false, false]);
    expect(extensionOf('dir\\laporan.Final.PDF')).toBe('pdf');
  });
});
