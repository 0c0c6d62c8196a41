import { SfnApiError } from './errors.js';

/** Opaque page tokens (the offset, base64url); page size 1..1000, default 100, as AWS. */
export function paginate<T>(all: T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  const size = maxResults === undefined || maxResults === 0 ? 100 : maxResults;
  if (!Number.isInteger(size) || size < 1 || size > 1000)
    throw new SfnApiError('ValidationException', 'maxResults must be between 1 and 1000');
  let offset = 0;
  if (nextToken !== undefined) {
    offset = Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw new SfnApiError('InvalidToken', `Invalid Token: '${nextToken}'`);
  }
  const items = all.slice(offset, offset + size);
  const more = offset + size < all.length;
  return { items, nextToken: more ? Buffer.from(String(offset + size)).toString('base64url') : undefined };
}
