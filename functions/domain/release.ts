/**
 * The release: one press release or publication request, from submission to archive.
 * These are the records kept in the single DynamoDB table (see `keys.ts` for where).
 */
import type { Paraf } from './paraf.js';
import type { Submission } from './submission.js';
import type { VoidMark } from './voids.js';

export type ReleaseStatus =
  | 'received' // stored, agenda number claimed, workflow starting
  | 'in-progress' // somewhere in the SOP stages
  | 'published' // on the website and sent to the media
  | 'archived' // archived with classification and archive number
  | 'completed' // every stage done, report written
  | 'rejected' // a reviewer rejected it; the sender was told
  | 'failed'; // a stage failed past its retries; the failure is recorded

export interface Attachment {
  uploadId: string;
  /** S3 key in the uploads bucket (after register: under `releases/<id>/`). */
  key: string;
  /** The submitter's file name, sanitised for display; never used as a key. */
  name: string;
  /** Type detected from the file's own bytes. */
  contentType: string;
  size: number;
  /** Of the stored bytes, taken by the register stage; empty before it has run. */
  sha256: string;
  /** The ETag of the object whose bytes were checked; register moves only that object. */
  etag?: string;
}

/** Who acted, when, from where, with what note, and on approval the paraf record. */
export interface DecisionRecord {
  stageId: string;
  round: number;
  action: string;
  actor: { id: string; name: string; role: string; email: string; title?: string };
  /** Set when the actor acted on an escalated task for the original assignee. */
  onBehalfOf?: string;
  at: string;
  clientIp?: string;
  userAgent?: string;
  /** The desk session the decision was made in, when the person acted signed in (the link alone acts without one). */
  session?: { sessionId: string; personId: string; name: string };
  note?: string;
  paraf?: Paraf;
  /** Extra fields of the decision: disposition sheet, draft summary, reason. */
  details?: Record<string, unknown>;
}

/** The lembar disposisi. */
export interface Disposition {
  by: string;
  assignees: string[];
  arahan: string;
  urgency: 'biasa' | 'segera' | 'sangat-segera';
  dueDate?: string;
  at: string;
}

/** The officer's publishable text. */
export interface Draft {
  title: string;
  lead?: string;
  body: string;
  quotes: { text: string; by: string }[];
  photos: { uploadId: string; caption?: string }[];
  savedAt: string;
  savedBy: string;
  submitted: boolean;
}

export interface Publication {
  slug: string;
  url: string;
  publishedAt: string;
  outletsSent: string[];
  outletsSkipped: string[];
}

export interface ArchiveRecord {
  classification: string;
  archiveNumber: string;
  /** Keys in the archive bucket. */
  pdfKey: string;
  recordKey: string;
  mediaKeys: string[];
  archivedAt: string;
  /** SHA-256 of the published text's canonical form (paraf.ts). */
  textSha256?: string;
  /** The public verification page the PDF's QR code points at. */
  verifyUrl?: string;
}

export interface Release {
  id: string;
  status: ReleaseStatus;
  profile: string;
  newsType: string;
  submission: Submission;
  agendaNumber: string;
  agendaYear: number;
  agendaSeq: number;
  /** sha256 of the private status key; the key itself is only in the submitter's link. */
  statusKeyHash: string;
  attachments: Attachment[];
  executionArn?: string;
  currentStage?: string;
  disposition?: Disposition;
  /** Officer chosen at accept; otherwise everyone with the edit role gets the link. */
  officer?: string;
  draft?: Draft;
  decisions: DecisionRecord[];
  publication?: Publication;
  archive?: ArchiveRecord;
  failure?: { stageId: string; error: string; cause?: string; at: string };
  /** Set when an officer voided the agenda number (batal): the entry stays, the number is never given again. */
  voided?: VoidMark;
  /** When the submitter's name, email and phone and the approvers' IP and user agent were removed (rejected or failed releases only). */
  personalDataRemovedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** One entry of the append-only, hash-chained event log of a release. */
export interface ReleaseEvent {
  releaseId: string;
  seq: number;
  type: string;
  stageId?: string;
  actorId?: string;
  at: string;
  data?: Record<string, unknown>;
  /** sha256 of the previous event's hash and this event's canonical JSON. */
  prevHash: string;
  hash: string;
}
