/**
 * The automated people of the reliability suites: a submitter and the dkip-malut approvers
 * who act from the links in their mail, over HTTP only, and who retry what a real client
 * retries — a 5xx from the API (API Gateway's answer when its Lambda fails) — and nothing
 * else. Plus the checks every suite ends with: one agenda number each, gap-free; one mail
 * per recipient and subject; one archived PDF per release.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Driver, until, type Endpoints, type Mail } from '../e2e/driver.js';

export const OUTLETS = [
  'redaksi@malutpost.example.com',
  'redaksi@beritamalut.example.com',
  'news@tvri-malut.example.com',
  'berita@rri-ternate.example.com',
];

export interface Submitted {
  id: string;
  statusKey: string;
  agendaNumber: string;
  title: string;
  submitter: string;
}

/** A Driver whose calls are retried on 5xx; `retries` counts them for the suite's summary. */
export class PatientDriver extends Driver {
  retries = 0;

  constructor(
    endpoints: Endpoints,
    private readonly maxAttempts = 30,
  ) {
    super(endpoints);
  }

  override async api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    for (let attempt = 1; ; attempt++) {
      let res: Awaited<ReturnType<Driver['api']>> | undefined;
      try {
        res = await super.api(path, init);
      } catch (error) {
        // The connection itself failed (a restarting process): as retryable as a 5xx.
        if (attempt >= this.maxAttempts) throw error;
      }
      if (res && (res.status < 500 || attempt >= this.maxAttempts)) return res;
      this.retries++;
      await new Promise((r) => setTimeout(r, Math.min(50 * attempt, 500)));
    }
  }

  /** Points the driver at a restarted cloud (its ports changed). */
  moveTo(endpoints: Endpoints) {
    (this as { endpoints: Endpoints }).endpoints = endpoints;
  }

  /**
   * Opens the newest unseen mail to `to` about the release, shows the task and acts. A 409
   * after a 5xx means the earlier attempt did act (the function ran, its answer was lost):
   * the person sees "already done" and moves on, as a person would.
   */
  async actOnce(to: string, agendaNumber: string, body: Record<string, unknown>, seen: Set<string>): Promise<string> {
    const mail = await this.mailTo(to, Driver.about(agendaNumber), seen);
    seen.add(mail.messageId);
    const link = this.linkOf(mail);
    const shown = await this.api(`/api/tasks/${link}`);
    // A link replaced by a newer one (410) points the person to the newer mail; the suite's
    // duplicate-mail check still counts the extra mail.
    if (shown.status === 410) return this.actOnce(to, agendaNumber, body, seen);
    if (shown.status !== 200) throw new Error(`task page for ${to}: ${shown.status} ${shown.text}`);
    const before = this.retries;
    const acted = await this.api(`/api/tasks/${link}`, { body });
    // 202: the decision is kept and the SLA sweep delivers it to the workflow.
    if (acted.status === 200 || acted.status === 202 || (acted.status === 409 && this.retries > before)) return link;
    throw new Error(`acting as ${to} on ${agendaNumber}: ${acted.status} ${acted.text}`);
  }

  async submit(tag: string, index: number): Promise<Submitted> {
    const title = `Rilis ${tag} nomor ${index}`;
    const submitter = `${tag}-${index}@bappeda.example.go.id`;
    const created = await this.api('/api/releases', {
      headers: { 'idempotency-key': `${tag}-${index}-submission` },
      body: {
        newsType: 'kegiatan',
        title,
        body: `Isi rilis ${index} untuk uji keandalan.`,
        submitter: { name: 'Siti Pengirim', institution: 'Bappeda', email: submitter },
        attachments: [],
      },
    });
    if (created.status === 202) {
      // A new address: the release is received once its sender confirms from the mail.
      const confirmed = await this.confirmFromMail(submitter);
      if (confirmed.status !== 200) throw new Error(`confirmation of submission ${index} refused: ${confirmed.status} ${confirmed.text}`);
      return { id: created.json.id, statusKey: created.json.statusKey, agendaNumber: confirmed.json.agendaNumber, title, submitter };
    }
    if (created.status !== 201 && created.status !== 200) throw new Error(`submission ${index} refused: ${created.status} ${created.text}`);
    const { id, statusKey, agendaNumber } = created.json as Submitted;
    return { id, statusKey, agendaNumber, title, submitter };
  }
}

/** The dkip-malut happy path, from the Kabid's disposition to the Kasi's approval. */
export async function approveThrough(driver: PatientDriver, release: Submitted, seen: Set<string>): Promise<void> {
  const n = release.agendaNumber;
  await driver.actOnce('kabid.piks@', n, { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Proses.', urgency: 'biasa' }, seen);
  await driver.actOnce('kasi.piks@', n, { action: 'accept', officer: 'petugas-1' }, seen);
  await driver.actOnce(
    'sari@',
    n,
    { action: 'submit', title: release.title, body: 'Naskah yang telah diolah.', quotes: [], photos: [] },
    seen,
  );
  await driver.actOnce('kasi.piks@', n, { action: 'approve' }, seen);
}

/** The sequence numbers of agenda numbers like `007/PUB/DKIP-MU/2026`. */
export function agendaSeqs(releases: Submitted[]): number[] {
  return releases.map((r) => Number(r.agendaNumber.split('/')[0])).sort((a, b) => a - b);
}

/** Mails to the same recipient with the same subject more than once, as "to | subject (n)". */
export function duplicateMails(mails: Mail[], about: (m: Mail) => boolean): string[] {
  const counts = new Map<string, number>();
  for (const m of mails.filter(about)) {
    for (const to of m.destination.to) {
      const key = `${to.toLowerCase()} | ${m.subject}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${k} (${n})`);
}

/** Mails to an outlet about a release (its subject carries the title). */
export function outletMails(mails: Mail[], outlet: string, release: Submitted): Mail[] {
  return mails.filter((m) => m.destination.to.some((t) => t.toLowerCase().includes(outlet)) && m.subject.includes(release.title));
}

export function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

export interface ArchiveEntry {
  pdfKeys: string[];
  archiveNumber?: string;
  /** `stage#round` of each decision in the archived record (one each when nothing doubled). */
  decisions: string[];
}

/** The archive bucket's entries for one release: its PDFs and the archive number in its record. */
export async function archiveOf(s3: S3Client, bucket: string, releaseId: string): Promise<ArchiveEntry> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'releases/', ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!).filter((k) => k.includes(releaseId)));
    token = page.NextContinuationToken;
  } while (token);
  const recordKey = keys.find((k) => k.endsWith('record.json'));
  let archiveNumber: string | undefined;
  let decisions: string[] = [];
  if (recordKey) {
    const record = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: recordKey }))).Body!.transformToString());
    archiveNumber = record.release?.archive?.archiveNumber;
    decisions = ((record.release?.decisions ?? []) as { stageId: string; round: number }[]).map((d) => `${d.stageId}#${d.round}`);
  }
  return { pdfKeys: keys.filter((k) => k.endsWith('release.pdf')), archiveNumber, decisions };
}

export async function untilCompleted(driver: PatientDriver, release: Submitted, patienceMs = 180_000): Promise<string> {
  let last = '';
  try {
    return await until(
      `release ${release.agendaNumber} to complete`,
      async () => {
        const r = await driver.release(release.id, release.statusKey);
        last = `${r.json?.status} at ${r.json?.currentStage ?? r.json?.stage ?? '?'}`;
        if (r.json?.status === 'failed' || r.json?.status === 'rejected')
          throw new Error(
            `release ${release.agendaNumber} (${release.id}) ended ${r.json.status}: ${JSON.stringify(r.json.failure ?? r.json).slice(0, 500)}`,
          );
        return r.json?.status === 'completed' ? 'completed' : undefined;
      },
      patienceMs,
    );
  } catch (error) {
    throw new Error(`${String(error)} (last seen: ${last}; release id ${release.id})`, { cause: error });
  }
}
