import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Retention } from './s3-object-lock.js';

/**
 * The versions of the objects of a versioned bucket, as S3 keeps them: each write makes
 * a version with its own VersionId, a delete without one adds a delete marker, and the
 * newest version is the object a plain GET finds.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeleteMarker.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
 *
 * On disk, under the bucket's `._S3rver_versions/<sha256 of the key>/`: `<id>.json` (the
 * record) and `<id>` (the bytes). The newest version is also where s3rver looks for the
 * object, hard-linked (no copy), so s3rver keeps serving plain GETs, ranges and
 * listings; a delete marker on top removes it from there. Nothing ever writes into a
 * version's file: every write lands in a file of its own, renamed into place.
 */

export interface VersionRecord {
  key: string;
  versionId: string;
  /** Newest first is the highest; an object written before versioning is 0 (S3's "null" version). */
  order: number;
  lastModified: string;
  deleteMarker?: boolean;
  etag?: string;
  size?: number;
  /** s3rver's metadata (content type…, x-amz-meta-*) and the stored x-amz-checksum-*. */
  metadata?: Record<string, unknown>;
  retention?: Retention;
}

/** Where s3rver keeps the current object of a key. */
export interface CurrentPaths {
  object: string;
  metadata: string;
  md5: string;
}

async function replaceFile(path: string, text: string): Promise<void> {
  await writeFile(`${path}.writing`, text);
  await rename(`${path}.writing`, path);
}

let sequence = 0;
/** Opaque to clients like S3's; ordered for us by `order`, not by the id. */
const newVersionId = () => randomBytes(24).toString('base64url');
const nextOrder = () => Date.now() * 4096 + (sequence++ % 4096);

export class VersionFiles {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly versionsDir: (bucket: string) => string,
    private readonly current: (bucket: string, key: string) => CurrentPaths,
  ) {}

  private dirOf(bucket: string, key: string): string {
    return join(this.versionsDir(bucket), createHash('sha256').update(key).digest('hex'));
  }

  bytesOf(bucket: string, record: VersionRecord): string {
    return join(this.dirOf(bucket, record.key), record.versionId);
  }

  /** Changes to one key's versions run one after another. */
  private serial<T>(bucket: string, key: string, work: () => Promise<T>): Promise<T> {
    const id = `${bucket}/${key}`;
    const run = (this.queues.get(id) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.queues.set(id, run);
    void run
      .finally(() => {
        if (this.queues.get(id) === run) this.queues.delete(id);
      })
      .catch(() => undefined);
    return run;
  }

  /** Newest first. */
  async list(bucket: string, key: string): Promise<VersionRecord[]> {
    const dir = this.dirOf(bucket, key);
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const records = await Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as VersionRecord));
    return records.sort((a, b) => b.order - a.order);
  }

  async get(bucket: string, key: string, versionId: string): Promise<VersionRecord | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dirOf(bucket, key), `${versionId}.json`), 'utf8')) as VersionRecord;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENAMETOOLONG') return undefined;
      throw e;
    }
  }

  private async writeRecord(bucket: string, record: VersionRecord): Promise<void> {
    await replaceFile(join(this.dirOf(bucket, record.key), `${record.versionId}.json`), JSON.stringify(record));
  }

  /** Makes the bytes at `file` (renamed away from there) the newest version of `key`. */
  addVersion(
    bucket: string,
    key: string,
    file: string,
    fields: Pick<VersionRecord, 'etag' | 'size' | 'metadata' | 'retention'>,
  ): Promise<VersionRecord> {
    return this.addNewest(bucket, key, fields, (record) => rename(file, this.bytesOf(bucket, record)));
  }

  addDeleteMarker(bucket: string, key: string): Promise<VersionRecord> {
    return this.addNewest(bucket, key, { deleteMarker: true });
  }

  /** Writes a new newest version of `key`, its bytes (if it has any) placed before its record so a reader never finds a record without them. */
  private addNewest(
    bucket: string,
    key: string,
    fields: Omit<VersionRecord, 'key' | 'versionId' | 'order' | 'lastModified'>,
    placeBytes?: (record: VersionRecord) => Promise<void>,
  ): Promise<VersionRecord> {
    return this.serial(bucket, key, async () => {
      await mkdir(this.dirOf(bucket, key), { recursive: true });
      await this.adoptUnversioned(bucket, key);
      const record: VersionRecord = {
        key,
        versionId: newVersionId(),
        order: nextOrder(),
        lastModified: new Date().toISOString(),
        ...fields,
      };
      await placeBytes?.(record);
      await this.writeRecord(bucket, record);
      await this.showNewest(bucket, key);
      return record;
    });
  }

  /** Removes one version for good; the caller has checked its lock. */
  deleteVersion(bucket: string, record: VersionRecord): Promise<void> {
    return this.serial(bucket, record.key, async () => {
      await rm(join(this.dirOf(bucket, record.key), `${record.versionId}.json`), { force: true });
      await rm(this.bytesOf(bucket, record), { force: true });
      await this.showNewest(bucket, record.key);
    });
  }

  setRetention(bucket: string, record: VersionRecord, retention: Retention | undefined): Promise<void> {
    return this.serial(bucket, record.key, async () => {
      const { retention: _old, ...rest } = record;
      await this.writeRecord(bucket, retention ? { ...rest, retention } : rest);
    });
  }

  /** Every version and delete marker of the bucket under `prefix`: by key, newest first. */
  async listBucket(bucket: string, prefix: string): Promise<VersionRecord[]> {
    let dirs: string[];
    try {
      dirs = await readdir(this.versionsDir(bucket));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const all: VersionRecord[] = [];
    for (const dir of dirs) {
      const names = (await readdir(join(this.versionsDir(bucket), dir))).filter((n) => n.endsWith('.json'));
      for (const n of names) {
        const record = JSON.parse(await readFile(join(this.versionsDir(bucket), dir, n), 'utf8')) as VersionRecord;
        if (record.key.startsWith(prefix)) all.push(record);
      }
    }
    return all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.order - a.order));
  }

  /**
   * An object written before the bucket was versioned becomes its "null" version, the
   * oldest, as S3 keeps it when versioning is turned on.
   */
  private async adoptUnversioned(bucket: string, key: string): Promise<void> {
    const paths = this.current(bucket, key);
    let metadata: Record<string, unknown>;
    try {
      metadata = JSON.parse(await readFile(paths.metadata, 'utf8')) as Record<string, unknown>;
    } catch {
      return;
    }
    if (metadata['x-amz-version-id'] !== undefined) return;
    const etag = await readFile(paths.md5, 'utf8').then(
      (t) => t.trim(),
      () => undefined,
    );
    const record: VersionRecord = {
      key,
      versionId: 'null',
      order: 0,
      lastModified: new Date().toISOString(),
      metadata,
      ...(etag ? { etag } : {}),
    };
    try {
      await link(paths.object, this.bytesOf(bucket, record));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    record.size = (await stat(this.bytesOf(bucket, record))).size;
    await this.writeRecord(bucket, record);
  }

  /** Puts the newest version where s3rver reads the object, or removes it from there. */
  private async showNewest(bucket: string, key: string): Promise<void> {
    const newest = (await this.list(bucket, key))[0];
    const paths = this.current(bucket, key);
    if (!newest || newest.deleteMarker) {
      for (const p of [paths.object, paths.md5, paths.metadata]) await unlink(p).catch(() => undefined);
      return;
    }
    await mkdir(dirname(paths.object), { recursive: true });
    // Each file whole or not at all for a reader, as the bytes below.
    await replaceFile(paths.metadata, JSON.stringify({ ...newest.metadata, 'x-amz-version-id': newest.versionId }));
    await replaceFile(paths.md5, newest.etag ?? '');
    // A new name, then a rename over the old: a reader sees one version or the other.
    const staged = `${paths.object}.${newest.versionId}.linking`;
    await rm(staged, { force: true });
    await link(this.bytesOf(bucket, newest), staged);
    await rename(staged, paths.object);
  }
}
