/**
 * The submit form as flat strings (what the inputs hold), turned into the API's
 * submission shape, and kept in sessionStorage so a reload loses nothing but the files
 * still uploading (finished attachments are remembered by their upload id).
 */
export interface SubmitForm {
  newsType: string;
  title: string;
  body: string;
  eventDate: string;
  eventPlace: string;
  name: string;
  institution: string;
  email: string;
  phone: string;
  letterNumber: string;
  letterDate: string;
}

export interface DoneAttachment {
  uploadId: string;
  name: string;
  size: number;
  contentType: string;
}

export const emptyForm = (): SubmitForm => ({
  newsType: '',
  title: '',
  body: '',
  eventDate: '',
  eventPlace: '',
  name: '',
  institution: '',
  email: '',
  phone: '',
  letterNumber: '',
  letterDate: '',
});

const optional = (v: string) => (v.trim() === '' ? undefined : v);

/** The request body of POST /api/releases; empty optional inputs are left out, not sent as "". */
export function toSubmission(form: SubmitForm, attachments: string[], locale: 'id' | 'en') {
  const hasLetter = form.letterNumber.trim() !== '' || form.letterDate.trim() !== '';
  return {
    newsType: form.newsType,
    title: form.title,
    body: form.body,
    eventDate: optional(form.eventDate),
    eventPlace: optional(form.eventPlace),
    submitter: { name: form.name, institution: form.institution, email: form.email.trim(), phone: optional(form.phone), locale },
    letter: hasLetter ? { number: form.letterNumber, date: form.letterDate } : undefined,
    attachments,
  };
}

/** Where a schema path ("submitter.email", "letter.date") shows its message on the form. */
export function fieldOf(path: string): keyof SubmitForm | 'attachments' | undefined {
  const [head, tail] = path.split('.');
  if (head === 'submitter') return tail === 'name' || tail === 'institution' || tail === 'email' || tail === 'phone' ? tail : undefined;
  if (head === 'letter') return tail === 'number' ? 'letterNumber' : tail === 'date' ? 'letterDate' : undefined;
  if (head === 'attachments') return 'attachments';
  return head !== undefined && head in emptyForm() ? (head as keyof SubmitForm) : undefined;
}

export const DRAFT_KEY = 'warta.submit.v1';

export interface Draft {
  form: SubmitForm;
  attachments: DoneAttachment[];
}

export function saveDraft(storage: Storage, draft: Draft): void {
  try {
    storage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // storage full or blocked: the form still works, it just won't survive a reload
  }
}

/** Reads a saved draft, ignoring anything malformed (an older version, a hand edit). */
export function loadDraft(storage: Storage): Draft | undefined {
  try {
    const raw = JSON.parse(storage.getItem(DRAFT_KEY) ?? 'null') as Partial<Draft> | null;
    if (!raw || typeof raw.form !== 'object' || raw.form === null) return undefined;
    const form = emptyForm();
    for (const key of Object.keys(form) as (keyof SubmitForm)[]) {
      const value = (raw.form as unknown as Record<string, unknown>)[key];
      if (typeof value === 'string') form[key] = value;
    }
    const attachments = Array.isArray(raw.attachments)
      ? raw.attachments.filter((a): a is DoneAttachment => typeof a?.uploadId === 'string' && typeof a?.name === 'string')
      : [];
    return { form, attachments };
  } catch {
    return undefined;
  }
}

export function clearDraft(storage: Storage): void {
  try {
    storage.removeItem(DRAFT_KEY);
  } catch {
    /* nothing to clear */
  }
}
