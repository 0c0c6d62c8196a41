/**
 * Stands in for nodemailer's address parser (`nodemailer/dist/esm/addressparser`) in the
 * Lambda bundles. Nodemailer parses an address only when it is given as text ("Name
 * <a@b>"); Warta gives every address as `{ name, address }` (functions/aws/mailer.ts), whose
 * parts it has already checked, so no mail of Warta's reaches the parser.
 */
export default function addressTextRefused(text: unknown): never {
  throw new Error(`Warta gives mail addresses as { name, address }: parsing ${JSON.stringify(String(text))} is not part of the Lambda bundle`);
}
