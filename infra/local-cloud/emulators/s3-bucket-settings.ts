import { readFile, writeFile } from 'node:fs/promises';

/**
 * What a bucket is set to beyond s3rver's own configurations: versioning and Object
 * Lock, kept as a small file in the bucket's directory (s3rver's `._S3rver_` naming,
 * which its listings skip), read once and then served from memory.
 */

export type LockMode = 'GOVERNANCE' | 'COMPLIANCE';

/** A bucket's default retention: a mode and a period in days or in years. */
export interface DefaultRetention {
  mode: LockMode;
  days?: number;
  years?: number;
}

export interface BucketSettings {
  versioning?: 'Enabled' | 'Suspended';
  objectLock?: { defaultRetention?: DefaultRetention };
}

export class BucketSettingsFiles {
  private readonly cache = new Map<string, BucketSettings>();

  constructor(private readonly pathOf: (bucket: string) => string) {}

  async get(bucket: string): Promise<BucketSettings> {
    const cached = this.cache.get(bucket);
    if (cached) return cached;
    let settings: BucketSettings = {};
    try {
      settings = JSON.parse(await readFile(this.pathOf(bucket), 'utf8')) as BucketSettings;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    this.cache.set(bucket, settings);
    return settings;
  }

  async update(bucket: string, change: (s: BucketSettings) => BucketSettings): Promise<BucketSettings> {
    const next = change(await this.get(bucket));
    await writeFile(this.pathOf(bucket), JSON.stringify(next, null, 2));
    this.cache.set(bucket, next);
    return next;
  }

  /** A bucket deleted (or not yet made) has no settings left. */
  forget(bucket: string): void {
    this.cache.delete(bucket);
  }
}
