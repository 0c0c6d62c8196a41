/**
 * Stands in for nodemailer's URL fetcher (`nodemailer/dist/esm/fetch`) in the Lambda
 * bundles. Nodemailer fetches only attachments and alternatives given by `href` or an
 * http(s) `path`; Warta's mails carry their parts as bytes (functions/aws/mailer.ts), so
 * no mail of Warta's reaches it.
 */
export default function fetchRefused(url: string): never {
  throw new Error(`Warta mails carry their attachments as bytes: fetching ${url} is not part of the Lambda bundle`);
}
