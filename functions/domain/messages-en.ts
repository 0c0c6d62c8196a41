/**
 * The message catalogue in English: the same keys as messages-id.ts (the compiler checks
 * it). A module of its own so that the web app loads it only when a person asks for English.
 */
import type { MessageKey } from './messages-id.js';

export const MESSAGES_EN: Record<MessageKey, string> = {
  // Input validation (keys used by the zod schemas in submission.ts)
  'invalid.body': 'The request body must be valid JSON.',
  'request.notJson': 'The request must be sent as JSON (Content-Type: application/json).',
  'request.foreignOrigin': 'Requests from another site are not accepted. Open the link from your email.',
  'invalid.fields': 'Some fields are not right: {fields}.',
  'invalid.field': 'This value is not valid.',
  'invalid.required': 'This field is required.',
  'invalid.tooLong': 'Too long.',
  'invalid.tooMany': 'Too many items.',
  'invalid.text': 'This must be text.',
  'invalid.controlChars': 'Contains characters that are not allowed.',
  'invalid.date': 'The date must be in YYYY-MM-DD format.',
  'invalid.filename': 'This file name is not valid.',
  'invalid.contentType': 'This file type is not recognised.',
  'invalid.number': 'Must be a whole number.',
  'invalid.size': 'The file is empty.',
  'invalid.uploadId': 'This attachment is not valid.',
  'invalid.newsType': 'Choose a news type.',
  'invalid.email': 'This email address is not valid.',
  'invalid.phone': 'This phone number is not valid (6–30 digits, may start with +).',
  'invalid.releaseId': 'The release id is not valid.',
  'invalid.idempotencyKey': 'The Idempotency-Key header is not valid (8–128 letters, digits, - or _).',
  'invalid.tooManyFiles': 'At most {max} attachments.',
  'invalid.duplicateAttachment': 'The same attachment is listed twice.',

  // Uploads
  'upload.tooLarge': 'The file is too large: at most {max}.',
  'upload.typeNotAllowed': 'This file type is not accepted. Accepted: JPEG, PNG, WebP, HEIC, MP4, MOV, PDF, DOCX.',
  'upload.typeMismatch':
    'The file content is not {declared} as declared, or its type is not accepted. The file was deleted; upload the right file.',
  'upload.sizeMismatch':
    'The received file size ({actual} bytes) differs from the declared size ({declared} bytes). The file was deleted; upload it again.',
  'upload.extensionMismatch':
    'The file name ends in .{extension}, but the file is {type}. Name the file with the {expected} extension, then upload it again.',
  'upload.changedAfterCheck':
    'The attachment "{name}" changed after it was checked. The release was refused; submit it again with the right file.',
  'upload.changedWhileChecked': 'The file changed while it was being checked. The file was deleted; upload it again.',
  'upload.notFound': 'The upload was not found or has expired. Upload the file again.',
  'upload.missingObject': 'The file has not arrived. Finish uploading it, then try again.',
  'upload.partsMissing': 'The list of parts is incomplete: {expected} parts are expected.',
  'upload.partUnmatched':
    'File part {partNumber} does not match what was received (a different ETag, or the part was not uploaded). Send that part again, then complete again.',
  'upload.partsUnmatched':
    'A file part does not match what was received (a different ETag, or the part was not uploaded). Send the failed parts again, then complete again.',
  'upload.rejected': 'This upload was already rejected. Upload the right file.',
  'upload.incomplete': 'Attachment {uploadId} has not finished uploading.',
  'upload.claimed': 'Attachment {uploadId} is already used by another release.',

  // Releases
  'release.notFound': 'The release was not found, or the status link key is wrong.',
  'release.exists': 'This release already exists.',
  'release.wrongStatus': 'The release is at another stage now; reload the page.',
  'release.idempotencyMismatch': 'This Idempotency-Key was already used for a different submission.',

  // Tasks (links from email)
  'task.notFound': 'This task link is unknown. Check the link in your email.',
  'task.done': 'This task was already done by {actor} at {at}. Nothing more is needed.',
  'task.expired': 'This task link has expired. Contact the PR office if it is still needed.',
  'task.superseded': 'This link was replaced by a newer one. Use the link in the latest email.',
  'task.closed': 'The process for this release is closed; the action can no longer be taken.',
  'task.actionNotAllowed': 'The action "{action}" is not available at this stage.',
  'task.unknownPerson': 'The person "{person}" is unknown or lacks the needed role.',
  'task.notAssignee': 'You are not recorded as an assignee of this task.',

  // Auditors
  'audit.badRange': 'The period needs from and to dates (YYYY-MM-DD), from not after to, at most 366 days.',
  'audit.badPeriod': 'The report period must be a month (2026-03) or a semester (2026-S1).',
  'audit.tooLarge': 'This export is larger than the API can send ({max} bytes). Use the npm run audit command for a period this large.',
  'audit.badFormat': 'The format must be one of: {formats}.',

  // The proof-of-work captcha on the submission form
  'captcha.missing': 'Complete the "I am not a robot" check before sending.',
  'captcha.invalid': 'The "I am not a robot" check is not valid. Do the check again and resend.',
  'captcha.expired': 'The "I am not a robot" check has expired. Do the check again and resend.',
  'captcha.used': 'This "I am not a robot" check was already used for another submission. Do the check again and resend.',

  // Voided agenda numbers
  'agenda.notFound': 'Agenda number {agendaNumber} is not in the agenda book.',
  'agenda.voidReasonShort': 'Give the reason for voiding (at least 5 characters).',
  'agenda.voidRunning':
    'Agenda number {agendaNumber} cannot be voided: its release is still in process (status {status}). End it in its workflow first (reject it at review), then void the number.',
  'agenda.voidPublished':
    'Agenda number {agendaNumber} cannot be voided: its release is already published or archived (status {status}), and the number is on the news page and in the archive.',

  // Corrections made in place at review
  'task.correctionMaterial': 'A correction may only change wording; to add or remove photos or quotes, return the text for revision.',

  // Paraf codes and the public verification page
  'paraf.codeRequired': 'This stage asks for a paraf code. Request the code, then enter the 6 digits mailed to you.',
  'paraf.codeWrong': 'The paraf code is wrong. Tries left: {left}.',
  'paraf.codeExpired': 'The paraf code has expired. Request a new one.',
  'paraf.codeLocked': 'Too many tries. Request a new paraf code.',
  'paraf.codeNotNeeded': 'This stage does not use a paraf code.',
  'invalid.parafCode': 'The paraf code is 6 digits.',
  'verify.notFound': 'No archived release has this verification id.',

  // Confirmation of the sender's address, and the limits on public routes
  'confirmation.unknown': 'This confirmation link is unknown. Check the link in your email, or submit your release again.',
  'confirmation.expired':
    'This confirmation link has expired (it is valid for {hours} hours). Submit your release again to get a new link.',
  'limit.submissionsPerIp': 'Too many submissions from your network: at most {limit} an hour. Try again in {minutes} minutes.',
  'limit.confirmationMails':
    'A confirmation email was already sent to this address {limit} times today. Open one you received, or try again in {minutes} minutes.',
  'limit.uploadsPerIp': 'Too many uploads from your network: at most {limit} an hour. Try again in {minutes} minutes.',

  // The desk
  'desk.signInNeeded': 'Sign in first to open the desk. Ask for a sign-in link with your office email address.',
  'desk.roleRefused': 'Your role does not open this page.',

  // The desk: people, acting officials, outlets and the overdue digest
  'directory.invalid': 'The change is refused: the office would no longer be valid: {problems}',
  'directory.problem': '{text}',
  'directory.entryOrRemove': 'Send the entry to save (entry) or the id to remove (remove).',
  'directory.notFound': 'There is no entry "{id}" to remove.',
  'directory.changedMeanwhile': 'Someone else changed "{id}" since you opened it. Reload the page, then make your change again.',
  'desk.headOnly': 'Only the head of office (or whoever acts for them) can turn the overdue digest on or off.',

  // Desk sign-in
  'session.badToken': 'This sign-in link is incomplete. Copy the whole link from the email, or ask for a new one.',
  'session.unknownLink': 'This sign-in link is not known. Ask for a new one with your office email address.',
  'session.linkUsed': 'This sign-in link was already used. Each link works once; ask for a new one.',
  'session.linkExpired': 'This sign-in link has expired (it works for 15 minutes). Ask for a new one.',
  'session.notInDirectory': 'This address is no longer in the office directory. Ask the desk admin.',
  'limit.signInMails': 'Too many sign-in links asked for. Try again in {minutes} minutes.',

  // The desk: my tasks, the tracking board, a release's detail
  'desk.taskNotFound': 'This task is not on your list.',
  'desk.taskDone': 'This task has already been done.',
  'desk.taskGone': 'This task no longer applies (replaced, expired, or its process closed).',
  'desk.badFilter': 'This filter is not recognised.',

  // Anything else
  'route.notFound': 'Not found.',
  'server.error': 'Something went wrong on the server. Please try again in a moment.',
};
