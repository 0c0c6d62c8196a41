/**
 * Moving a release's attachment from `incoming/` to `releases/<id>/`, and checking the
 * moved bytes once more: the object moved must be the one checked at /complete (its ETag),
 * of the size and the type recorded then. A presigned PUT URL stays valid for hours after
 * /complete, so without this the bytes of the release could be others than those checked.
 */
import type { Attachment } from '#domain/release.js';
import { detectType, HEAD_BYTES, needsZipTail, ZIP_TAIL_BYTES } from '#domain/uploads.js';
import { moveObject, ObjectChanged, objectHead, readRange, sha256Of } from '#adapters/object-store.js';

/**
 * The attachment cannot be registered: its bytes are not the ones checked. The state
 * machine sends it to the failure path (never retried); `reason` is a message key.
 */
export class AttachmentRefused extends Error {
  override name = 'Warta.AttachmentRefused';
  constructor(
    message: string,
    readonly reason: { key: string; params: Record<string, string | number> },
  ) {
    super(message);
  }
}

/**
 * Moves the attachment under `target` and answers it with its new key and sha256. The
 * size and type are checked on the source read by the ETag recorded at /complete, and
 * the copy is made only of the object of that ETag (S3's own condition,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html): the bytes moved
 * are the bytes checked, and a refused attachment is never copied under the release. Run
 * again after a crash that left the source gone, it checks the moved object instead.
 */
export async function moveCheckedAttachment(bucket: string, a: Attachment, target: string): Promise<Attachment> {
  const refused = (why: string) =>
    new AttachmentRefused(`attachment ${a.uploadId} (${a.name}) ${why}`, { key: 'upload.changedAfterCheck', params: { name: a.name } });
  try {
    if (!a.sha256) {
      // The source while it is there; after a crash that moved it, the target.
      const source = await objectHead(bucket, a.key);
      const object = source
        ? { key: a.key, head: source, etag: a.etag }
        : { key: target, head: await objectHead(bucket, target), etag: undefined };
      // Neither source nor target: moveObject says so.
      const problem = object.head && (await checkBytes(bucket, object.key, object.head, a, object.etag));
      if (problem) throw refused(problem);
    }
    await moveObject(bucket, a.key, target, a.etag);
  } catch (e) {
    if (e instanceof ObjectChanged) throw refused('was replaced after its check');
    throw e;
  }
  return { ...a, key: target, sha256: a.sha256 || (await sha256Of(bucket, target)) };
}

/** What is wrong with the object (`found`: its size and ETag as just read) in size or type, the checks of /complete, or undefined. */
async function checkBytes(
  bucket: string,
  key: string,
  found: { size: number; etag: string },
  a: Attachment,
  etag: string | undefined,
): Promise<string | undefined> {
  if (etag && found.etag !== etag) throw new ObjectChanged(`${key} is no longer the object of ETag ${etag}`);
  const size = found.size;
  if (size !== a.size) return `is ${size} bytes, not the ${a.size} checked`;
  const head = await readRange(bucket, key, 0, Math.min(HEAD_BYTES, size) - 1, etag);
  const tail = needsZipTail(head) ? await readRange(bucket, key, Math.max(0, size - ZIP_TAIL_BYTES), size - 1, etag) : undefined;
  const detected = detectType(head, tail);
  return detected === a.contentType ? undefined : `is ${detected ?? 'of no accepted type'}, not the ${a.contentType} checked`;
}
