/**
 * The aws-chunked decoder of the local S3 (infra/local-cloud/emulators/s3-chunked.ts) against
 * the framing of AWS's SigV4 streaming pages: any chunk sizes, with or without chunk
 * signatures and trailers, however the network splits the bytes.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder } from '../../infra/local-cloud/emulators/s3-chunked.js';

/** Frames `payload` in chunks of the given sizes (the last takes the rest), then the trailers. */
function frame(payload: Buffer, sizes: number[], signed: boolean, trailers: Record<string, string>): Buffer {
  const sig = signed ? `;chunk-signature=${'0'.repeat(64)}` : '';
  const parts: Buffer[] = [];
  let at = 0;
  for (const size of [...sizes, payload.length]) {
    const n = Math.min(size, payload.length - at);
    if (n <= 0) break;
    parts.push(Buffer.from(`${n.toString(16)}${sig}\r\n`), payload.subarray(at, at + n), Buffer.from('\r\n'));
    at += n;
  }
  parts.push(Buffer.from(`0${sig}\r\n`));
  for (const [name, value] of Object.entries(trailers)) parts.push(Buffer.from(`${name}:${value}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

/** Feeds `body` to a decoder in pieces cut at `cuts`; resolves to the bytes and trailers out. */
async function decode(body: Buffer, cuts: number[], declaredLength?: number): Promise<{ bytes: Buffer; trailers: Record<string, string> }> {
  const points = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
  const pieces = [0, ...points, body.length]
    .flatMap((p, i, all) => (i === 0 ? [] : [body.subarray(all[i - 1], p)]))
    .filter((p) => p.length);
  const decoder = new AwsChunkedDecoder(declaredLength);
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(pieces).pipe(decoder)) out.push(chunk as Buffer);
  return { bytes: Buffer.concat(out), trailers: decoder.trailers };
}

describe('the aws-chunked decoder', () => {
  it('gives back the payload and the trailers, however the body is framed and split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (payload, sizes, signed, cuts) => {
          // Prepare
          const bytes = Buffer.from(payload);
          const trailers = { 'x-amz-checksum-crc32': 'DUoRhQ==' };
          // Act
          const decoded = await decode(frame(bytes, sizes, signed, trailers), cuts, bytes.length);
          // Assert
          expect(decoded.bytes.equals(bytes)).toBe(true);
          expect(decoded.trailers).toEqual(trailers);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a chunk longer than its declared size', async () => {
    // Prepare
    const body = Buffer.from('3\r\nhello\r\n0\r\n\r\n');
    // Act & Assert
    await expect(decode(body, [])).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('refuses a body that stops before its last chunk', async () => {
    // Prepare
    const body = Buffer.from('5\r\nhel');
    // Act & Assert
    await expect(decode(body, [])).rejects.toMatchObject({ code: 'IncompleteBody' });
  });
});
