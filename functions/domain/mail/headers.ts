/**
 * Mail headers carry user-typed text (a title in the subject, a submitter's name in
 * Reply-To). A CR or LF there would let the text add headers of its own, so every such
 * value goes through `headerSafe`: control characters become spaces, runs of white
 * space collapse, and the value is bounded. Non-ASCII is left for the MIME composer to
 * encode as RFC 2047 words.
 */

const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;

export function headerSafe(value: string, max = 200): string {
  const flat = value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A bare address that could go in a header: one @, no spaces, brackets or control characters. */
export function isHeaderSafeAddress(address: string): boolean {
  return /^[^\s<>()[\]\\,;:"@\u0000-\u001f\u007f]+@[^\s<>()[\]\\,;:"@\u0000-\u001f\u007f]+$/.test(address) && address.length <= 254;
}
