/**
 * Moving a release's attachment from `incoming/` to `releases/<id>/`, and checking the
 * moved bytes once more: the object moved must be the one checked at /complete (its ETag),
 * of the size and the type recorded then. A presigned PUT URL stays valid for hours after
 * /complete, so without this the bytes of the release could be others than those checked.
 */
import type { Attachment } from '#domain/release.js';
import { detectType, HEAD_BYTES, needsZipTail, ZIP_TAIL_BYTES } from '#domain/uploads.js';
import { deleteObject, moveObject, ObjectChanged, objectSize, readRange, sha256Of } from './object-store.js';

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
 * Moves the attachment under `target` and answers it with its new key and sha256. Run
 * again after a crash it finds the moved object and checks it again. The ETag condition
 * is S3's own: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 */
export async function moveCheckedAttachment(bucket: string, a: Attachment, target: string): Promise<Attachment> {
  const refused = (why: string) => new AttachmentRefused(`attachment ${a.uploadId} (${a.name}) ${why}`, { key: 'upload.changedAfterCheck', params: { name: a.name } });
  try {
    await moveObject(bucket, a.key, target, a.etag);
  } catch (e) {
    if (e instanceof ObjectChanged) throw refused('was replaced after its check');
    throw e;
  }
  if (a.sha256) return { ...a, key: target };
  // The same checks as /complete, on the bytes the release keeps.
  const size = await objectSize(bucket, target);
  let problem: string | undefined;
  if (size !== a.size) problem = `is ${size ?? 'no'} bytes, not the ${a.size} checked`;
  else {
    const head = await readRange(bucket, target, 0, Math.min(HEAD_BYTES, size) - 1);
    const tail = needsZipTail(head) ? await readRange(bucket, target, Math.max(0, size - ZIP_TAIL_BYTES), size - 1) : undefined;
    const detected = detectType(head, tail);
    if (detected !== a.contentType) problem = `is ${detected ?? 'of no accepted type'}, not the ${a.contentType} checked`;
  }
  if (problem) {
    await deleteObject(bucket, target);
    throw refused(problem);
  }
  return { ...a, key: target, sha256: await sha256Of(bucket, target) };
}
