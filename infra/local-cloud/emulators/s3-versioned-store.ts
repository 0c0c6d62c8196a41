import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BucketSettingsFiles } from './s3-bucket-settings.js';
import type { StoredChecksums } from './s3-checksums.js';
import { MultipartFilesystemStore } from './s3-store.js';
import { VersionFiles } from './s3-versions.js';
import { writeContext } from './s3-write-context.js';

/**
 * The local S3's store: s3rver's files and multipart uploads (s3-store.ts), with every
 * write landing in a file of its own first, checked (s3-checksums.ts) and only then made
 * the object: a new version in a versioned bucket (s3-versions.ts), the object itself
 * elsewhere. So a refused body (BadDigest) or a broken connection never leaves half an
 * object, and no write ever lands in the bytes of a kept version.
 */

const require = createRequire(import.meta.url);
type S3ObjectClass = new (
  bucket: string,
  key: string,
  content: unknown,
  metadata: Record<string, unknown>,
) => { metadata: Record<string, unknown> };
const S3Object = require('s3rver/lib/models/object') as S3ObjectClass;

interface IncomingObject {
  bucket: string;
  key: string;
  content: Buffer | NodeJS.ReadableStream;
  metadata: Record<string, unknown>;
}

/** The metadata S3 keeps with an object (content type, x-amz-meta-*…), as s3rver picks it. */
const keptMetadata = (bucket: string, key: string, metadata: Record<string, unknown>) => {
  const { 'last-modified': _l, etag: _e, 'content-length': _c, ...kept } = new S3Object(bucket, key, null, metadata).metadata;
  return kept;
};
const checksumsOf = (metadata: Record<string, unknown>): StoredChecksums =>
  Object.fromEntries(Object.entries(metadata).filter(([k, v]) => k.startsWith('x-amz-checksum-') && typeof v === 'string'));

export class VersionedFilesystemStore extends MultipartFilesystemStore {
  readonly settings = new BucketSettingsFiles((bucket) => this.getResourcePath(bucket, undefined, 'settings.json'));
  readonly versions = new VersionFiles(
    (bucket) => this.getResourcePath(bucket, undefined, 'versions'),
    (bucket, key) => ({
      object: this.getResourcePath(bucket, key, 'object'),
      metadata: this.getResourcePath(bucket, key, 'metadata.json'),
      md5: this.getResourcePath(bucket, key, 'object.md5'),
    }),
  );

  private async isVersioned(bucket: string): Promise<boolean> {
    return (await this.settings.get(bucket)).versioning === 'Enabled';
  }

  /** A fresh file in the bucket's directory (same file system, so it can be renamed into place). */
  private async incomingFile(bucket: string): Promise<string> {
    const dir = this.getResourcePath(bucket, undefined, 'incoming');
    await mkdir(dir, { recursive: true });
    return join(dir, randomBytes(12).toString('hex'));
  }

  /** The headers a multipart upload was started with (its Object Lock headers among them). */
  async uploadHeaders(bucket: string, uploadId: string): Promise<Record<string, unknown> | undefined> {
    try {
      const path = join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId, 'metadata');
      return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  async putObject(object: IncomingObject): Promise<{ size: number; md5: string }> {
    const file = await this.incomingFile(object.bucket);
    const md5 = createHash('md5');
    let size = 0;
    try {
      const source = Buffer.isBuffer(object.content) ? [object.content] : object.content;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          md5.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      await pipeline(source, counted, createWriteStream(file));
    } catch (e) {
      await rm(file, { force: true });
      throw e;
    }
    const etag = md5.digest('hex');
    const checksums = writeContext.getStore()?.verified?.stored ?? {};
    await this.placeChecked(
      object.bucket,
      object.key,
      file,
      { ...keptMetadata(object.bucket, object.key, object.metadata), ...checksums },
      etag,
      size,
    );
    return { size, md5: etag };
  }

  async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: Record<string, unknown> | null,
  ): Promise<Record<string, unknown>> {
    const source = await this.getMetadata(srcBucket, srcKey);
    const file = await this.incomingFile(destBucket);
    await copyFile(this.getResourcePath(srcBucket, srcKey, 'object'), file);
    const metadata = replacementMetadata ? keptMetadata(destBucket, destKey, replacementMetadata) : keptMetadata(srcBucket, srcKey, source);
    // The copy keeps the checksum of its bytes, which are the same.
    const etag = String(source.etag).replace(/"/g, '');
    await this.placeChecked(destBucket, destKey, file, { ...metadata, ...checksumsOf(source) }, etag, Number(source['content-length']));
    return this.getMetadata(destBucket, destKey);
  }

  protected override async placeObject(
    bucket: string,
    key: string,
    file: string,
    metadata: Record<string, unknown>,
    md5: string,
    size: number,
  ): Promise<void> {
    await this.placeChecked(bucket, key, file, keptMetadata(bucket, key, metadata), md5, size);
  }

  /** Makes the checked bytes at `file` the object: its newest version, or the object itself. */
  private async placeChecked(
    bucket: string,
    key: string,
    file: string,
    metadata: Record<string, unknown>,
    etag: string,
    size: number,
  ): Promise<void> {
    const context = writeContext.getStore();
    if (await this.isVersioned(bucket)) {
      const record = await this.versions.addVersion(bucket, key, file, {
        etag,
        size,
        metadata,
        ...(context?.retention ? { retention: context.retention } : {}),
      });
      if (context) context.versionId = record.versionId;
      return;
    }
    const objectPath = this.getResourcePath(bucket, key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    await writeFile(this.getResourcePath(bucket, key, 'object.md5'), etag);
    await writeFile(this.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(metadata));
    await rename(file, objectPath);
  }

  /** DeleteObjects in a versioned bucket: a delete marker for each key, as S3 adds. */
  override async deleteObject(bucket: string, key: string): Promise<void> {
    if (await this.isVersioned(bucket)) {
      await this.versions.addDeleteMarker(bucket, key);
      return;
    }
    await super.deleteObject(bucket, key);
  }
}
