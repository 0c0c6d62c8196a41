/**
 * An auditor's check of a CSV export: the body hashes to the SHA-256 its own footer
 * names. The tests read exports as an auditor would, so the check lives with them.
 */
import { BOM, type Delimiter } from '../../functions/domain/audit/export.js';
import { sha256Hex } from '../../functions/domain/ids.js';

export function verifyCsv(csv: string, delimiter: Delimiter = ','): boolean {
  const text = csv.startsWith(BOM) ? csv.slice(1) : csv;
  const cut = text.lastIndexOf('\r\n\r\n');
  if (cut < 0) return false;
  const body = text.slice(0, cut + 2);
  const match = text.slice(cut).match(new RegExp(`SHA-256${delimiter}([0-9a-f]{64})`));
  return match !== null && match[1] === sha256Hex(body);
}
