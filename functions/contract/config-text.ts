/**
 * How the office configuration is written into WARTA_CONFIG and read back: the JSON,
 * gzipped and in base64 behind a `gzip:` prefix. Lambda allows 4 KB of environment
 * variables per function in all
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), and an office's
 * people, media, hours and holidays outgrow it as plain JSON; compressed they take about
 * half. Plain JSON is still read, as tests and tools set it.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

const PREFIX = 'gzip:';

export function encodeConfigText(json: string): string {
  // Node's gzip header carries no timestamp: the same config gives the same text, and synth the same template.
  return PREFIX + gzipSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64');
}

/** The JSON text of a WARTA_CONFIG value, compressed or not. */
export function decodeConfigText(text: string): string {
  return text.startsWith(PREFIX) ? gunzipSync(Buffer.from(text.slice(PREFIX.length), 'base64')).toString('utf8') : text;
}
