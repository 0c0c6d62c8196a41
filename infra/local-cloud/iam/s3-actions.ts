/**
 * The IAM action and resource S3 authorizes for each request (path-style URLs), from
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html and
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html:
 * object operations on `arn:aws:s3:::bucket/key`, bucket operations on `arn:aws:s3:::bucket`.
 * A multipart upload's parts and completion are s3:PutObject; HEAD is s3:GetObject; a copy
 * needs s3:GetObject on its source as well; a version named in the query needs the
 * `...Version` action.
 */
import type { IncomingMessage } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import type { Check } from './authority.js';

export function s3Checks(request: IncomingMessage, body?: Buffer): Check[] {
  const url = new URL(request.url ?? '/', 'http://local');
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = rest.map(decodeURIComponent).join('/');
  const q = url.searchParams;
  const method = request.method ?? 'GET';
  const header = (name: string) => request.headers[name] as string | undefined;
  // A CORS preflight is answered from the bucket's CORS rules, not authorized, even when it
  // carries a presigned URL's query (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html).
  if (method === 'OPTIONS') return [];
  if (!bucket) return [{ action: method === 'GET' ? 's3:ListAllMyBuckets' : 's3:Unknown', resource: '*' }];
  const bucketArn = `arn:aws:s3:::${decodeURIComponent(bucket)}`;
  const objectArn = `${bucketArn}/${key}`;
  const versioned = q.has('versionId');

  if (!key) {
    const on = (action: string): Check[] => [{ action, resource: bucketArn }];
    if (method === 'POST' && q.has('delete'))
      return deletedKeys(body).map((k) => ({ action: 's3:DeleteObject', resource: `${bucketArn}/${k}` }));
    if (method === 'GET' || method === 'HEAD') {
      if (q.has('versions')) return on('s3:ListBucketVersions');
      if (q.has('uploads')) return on('s3:ListBucketMultipartUploads');
      if (q.has('cors')) return on('s3:GetBucketCORS');
      if (q.has('object-lock')) return on('s3:GetBucketObjectLockConfiguration');
      if (q.has('versioning')) return on('s3:GetBucketVersioning');
      if (q.has('location')) return on('s3:GetBucketLocation');
      return on('s3:ListBucket');
    }
    if (method === 'PUT') {
      if (q.has('cors')) return on('s3:PutBucketCORS');
      if (q.has('versioning')) return on('s3:PutBucketVersioning');
      if (q.has('object-lock')) return on('s3:PutBucketObjectLockConfiguration');
      return on('s3:CreateBucket');
    }
    if (method === 'DELETE') return on(q.has('cors') ? 's3:PutBucketCORS' : 's3:DeleteBucket');
    return on('s3:Unknown');
  }

  const on = (action: string): Check[] => [{ action, resource: objectArn }];
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (q.has('uploadId')) return on('s3:ListMultipartUploadParts');
      if (q.has('attributes')) return on(versioned ? 's3:GetObjectVersionAttributes' : 's3:GetObjectAttributes');
      if (q.has('retention')) return on('s3:GetObjectRetention');
      if (q.has('legal-hold')) return on('s3:GetObjectLegalHold');
      if (q.has('tagging')) return on(versioned ? 's3:GetObjectVersionTagging' : 's3:GetObjectTagging');
      return on(versioned ? 's3:GetObjectVersion' : 's3:GetObject');
    case 'PUT': {
      if (q.has('retention')) return on('s3:PutObjectRetention');
      if (q.has('legal-hold')) return on('s3:PutObjectLegalHold');
      if (q.has('tagging')) return on(versioned ? 's3:PutObjectVersionTagging' : 's3:PutObjectTagging');
      const checks = on('s3:PutObject');
      const source = header('x-amz-copy-source');
      if (source) {
        const [path = '', query = ''] = decodeURIComponent(source).split('?');
        const sourceArn = `arn:aws:s3:::${path.replace(/^\//, '')}`;
        checks.push({ action: query.includes('versionId=') ? 's3:GetObjectVersion' : 's3:GetObject', resource: sourceArn });
      }
      if (header('x-amz-tagging') && !q.has('partNumber')) checks.push({ action: 's3:PutObjectTagging', resource: objectArn });
      if (header('x-amz-object-lock-retain-until-date') || header('x-amz-object-lock-mode'))
        checks.push({ action: 's3:PutObjectRetention', resource: objectArn });
      return checks;
    }
    case 'POST':
      return on('s3:PutObject');
    case 'DELETE':
      if (q.has('uploadId')) return on('s3:AbortMultipartUpload');
      if (q.has('tagging')) return on(versioned ? 's3:DeleteObjectVersionTagging' : 's3:DeleteObjectTagging');
      return on(versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject');
    default:
      return on('s3:Unknown');
  }
}

/** Reads DeleteObjects bodies as the local S3 reads its XML (emulators/s3-version-api.ts): values as text, `Object` always a list. */
const deleteParser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'Object' });

/** The keys a DeleteObjects body names (`<Delete><Object><Key>…</Key></Object>…</Delete>`). */
function deletedKeys(body: Buffer | undefined): string[] {
  const document = deleteParser.parse(body?.toString('utf8') ?? '') as { Delete?: { Object?: Array<{ Key?: unknown }> } };
  return (document.Delete?.Object ?? []).map((o) => String(o.Key ?? ''));
}

/** S3 answers a refused request 403 AccessDenied, in its XML error shape. */
export function s3Refusal(message: string): { status: number; headers: Record<string, string>; body: string } {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    status: 403,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${escaped}</Message><RequestId>local</RequestId><HostId>local</HostId></Error>`,
  };
}
