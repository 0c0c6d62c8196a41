/**
 * Stands in for `@noble/ciphers/aes` in the Lambda bundles. PDFKit calls it only to
 * encrypt a document opened with a user or owner password; Warta's PDFs (archive
 * records, periodic reports) are never encrypted, so the cipher stays out of the bundles.
 */
function refuse(): never {
  throw new Error('Warta PDFs are not encrypted: AES is not part of the Lambda bundle');
}

export const cbc = refuse;
export const ecb = refuse;
