/** The directory page's calls: GET and POST /api/desk/directory (handlers/desk-directory.ts). */
import { deskApi } from '../desk-api.js';
import type { DirectoryView, Kind } from './types.js';

export const loadDirectory = () => deskApi<DirectoryView>('GET', '/api/desk/directory');

export const saveEntry = (kind: Kind, expectedVersion: number, entry: object) =>
  deskApi<unknown>('POST', '/api/desk/directory', { kind, expectedVersion, entry });

export const removeEntry = (kind: Kind, expectedVersion: number, id: string) =>
  deskApi<unknown>('POST', '/api/desk/directory', { kind, expectedVersion, remove: id });
