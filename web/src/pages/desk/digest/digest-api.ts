/** The overdue digest's switch: GET and POST /api/desk/digest (handlers/desk-digest.ts). */
import { deskApi } from '../desk-api.js';

export interface DigestSetting {
  enabled: boolean;
  version: number;
  canChange: boolean;
  changedBy?: { name: string };
  changedAt?: string;
}

export const loadDigest = () => deskApi<DigestSetting>('GET', '/api/desk/digest');
export const saveDigest = (enabled: boolean, expectedVersion: number) =>
  deskApi<unknown>('POST', '/api/desk/digest', { enabled, expectedVersion });
