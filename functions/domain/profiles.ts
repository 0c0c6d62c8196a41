/**
 * SOP profiles: each source SOP as data. `infra/cdk/workflow` compiles a profile into a
 * Step Functions state machine; handlers read the same profile to know a stage's role,
 * standard time (Mutu Baku) and allowed actions. Nothing here imports AWS.
 */

/** The kinds of stage an SOP is made of (DESIGN.md "The workflow"). */
export const STAGE_KINDS = ['register', 'dispose', 'accept', 'edit', 'review', 'publish', 'notify', 'archive', 'report'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** Stages a person performs: the state machine waits for their decision (task token). */
export const HUMAN_STAGE_KINDS = ['dispose', 'accept', 'edit', 'review'] as const satisfies readonly StageKind[];
export type HumanStageKind = (typeof HUMAN_STAGE_KINDS)[number];

export function isHumanStage(kind: StageKind): kind is HumanStageKind {
  return (HUMAN_STAGE_KINDS as readonly string[]).includes(kind);
}

import { ROLES, type Role } from './roles.js';

/** The roles live in roles.ts, with the groups the desk admits; the profiles name them. */
export { ROLES, type Role };

/** Decisions a review stage may allow. `revise` sends the release back to the edit stage. */
export type ReviewAction = 'approve' | 'revise' | 'reject';

export interface Label {
  id: string;
  en: string;
}

export interface Stage {
  /** Unique within the profile; also the state name's stem in the state machine. */
  id: string;
  kind: StageKind;
  /** The SOP step number(s) this stage performs, for the audit trail. */
  sopStep: number;
  role: Role;
  /** Mutu Baku: the SOP's standard time for this stage, in minutes. */
  mutuBakuMinutes: number;
  label: Label;
  /** For review stages: which decisions are offered. */
  reviewActions?: ReviewAction[];
  /** For review stages offering `revise`: the id of the edit stage it returns to. */
  revisesStage?: string;
}

export interface SopProfile {
  id: 'dkip-malut' | 'esdm-babel';
  /** The SOP's own title and number, as printed on the source document. */
  title: Label;
  sopNumber?: string;
  /** The record book the SOP names ("Buku Agenda Press Release", "Berita, Data dan Informasi"). */
  recordBook: Label;
  stages: Stage[];
}

/**
 * Dinas Kominfo dan Persandian Provinsi Maluku Utara, SOP 900/01/SOP/DKIP-MU/2022:
 * dissemination of regional development information in media. Eight steps with standard
 * times; archiving is added after publication because the office keeps an archive too.
 */
export const DKIP_MALUT: SopProfile = {
  id: 'dkip-malut',
  title: {
    id: 'Penyebarluasan Informasi Pembangunan Daerah di Media',
    en: 'Dissemination of regional development information in the media',
  },
  sopNumber: '900/01/SOP/DKIP-MU/2022',
  recordBook: { id: 'Berita, Data dan Informasi', en: 'News, data and information' },
  stages: [
    {
      id: 'register',
      kind: 'register',
      sopStep: 1,
      role: 'petugas',
      mutuBakuMinutes: 10,
      label: { id: 'Menerima, mengagendakan dan memberi lembar disposisi', en: 'Receive, register and attach a disposition sheet' },
    },
    {
      id: 'dispose',
      kind: 'dispose',
      sopStep: 2,
      role: 'kabid',
      mutuBakuMinutes: 15,
      label: { id: 'Mendisposisi surat permintaan publikasi', en: 'Dispose the publication request' },
    },
    {
      id: 'accept',
      kind: 'accept',
      sopStep: 3,
      role: 'kasi',
      mutuBakuMinutes: 15,
      label: { id: 'Menerima permintaan yang telah didisposisi', en: 'Accept the disposed request' },
    },
    {
      id: 'edit',
      kind: 'edit',
      sopStep: 4,
      role: 'petugas',
      mutuBakuMinutes: 120,
      label: { id: 'Mengolah data menjadi informasi untuk dipublikasikan', en: 'Turn the data into publishable text' },
    },
    {
      id: 'review',
      kind: 'review',
      sopStep: 5,
      role: 'kasi',
      mutuBakuMinutes: 30,
      reviewActions: ['approve', 'revise', 'reject'],
      revisesStage: 'edit',
      label: { id: 'Mengoreksi informasi yang akan dipublikasikan', en: 'Correct the text before publication' },
    },
    {
      id: 'publish',
      kind: 'publish',
      sopStep: 6,
      role: 'petugas',
      mutuBakuMinutes: 60,
      label: { id: 'Mengunggah ke website dan menyampaikan ke media', en: 'Upload to the website and send to the media' },
    },
    {
      id: 'notify',
      kind: 'notify',
      sopStep: 7,
      role: 'petugas',
      mutuBakuMinutes: 30,
      label: { id: 'Menyampaikan kepada pengirim informasi', en: 'Tell the sender it was published' },
    },
    {
      id: 'archive',
      kind: 'archive',
      sopStep: 8,
      role: 'petugas',
      mutuBakuMinutes: 10,
      label: { id: 'Menyimpan arsip', en: 'Archive' },
    },
    {
      id: 'report',
      kind: 'report',
      sopStep: 8,
      role: 'petugas',
      mutuBakuMinutes: 10,
      label: { id: 'Membuat laporan', en: 'Report' },
    },
  ],
};

/**
 * Dinas ESDM Provinsi Kepulauan Bangka Belitung: SOP for press releases, five steps,
 * recorded in the "Buku Agenda Press Release". Step 2 (coordinator checks and initials)
 * and step 3 (the approved ones get the paraf of approval for coverage) are two reviews.
 * The SOP gives only step 5 a time (5 minutes); the other times are the office's
 * working assumptions and can be overridden in the configuration.
 */
export const ESDM_BABEL: SopProfile = {
  id: 'esdm-babel',
  title: { id: 'Pengelolaan Press Release', en: 'Press release handling' },
  recordBook: { id: 'Buku Agenda Press Release', en: 'Press release agenda book' },
  stages: [
    {
      id: 'register',
      kind: 'register',
      sopStep: 1,
      role: 'petugas',
      mutuBakuMinutes: 10,
      label: {
        id: 'Menerima berita dan bukti multimedia, memberi disposisi',
        en: 'Receive the news and its multimedia, attach the disposition form',
      },
    },
    {
      id: 'review',
      kind: 'review',
      sopStep: 2,
      role: 'koordinator',
      mutuBakuMinutes: 30,
      reviewActions: ['approve', 'reject'],
      label: { id: 'Diperiksa dan diparaf Koordinator', en: 'Checked and initialled by the coordinator' },
    },
    {
      id: 'approve',
      kind: 'review',
      sopStep: 3,
      role: 'sekretaris',
      mutuBakuMinutes: 30,
      reviewActions: ['approve', 'reject'],
      label: { id: 'Diberi paraf persetujuan untuk diliput', en: 'Approved for coverage with paraf' },
    },
    {
      id: 'publish',
      kind: 'publish',
      sopStep: 4,
      role: 'operator',
      mutuBakuMinutes: 60,
      label: { id: 'Diinput ke website dan dikirim ke media', en: 'Put on the website and sent to the media' },
    },
    {
      id: 'archive',
      kind: 'archive',
      sopStep: 5,
      role: 'petugas',
      mutuBakuMinutes: 5,
      label: { id: 'Disimpan dengan nomor klasifikasi dan nomor arsip', en: 'Archived with classification and archive number' },
    },
  ],
};

export const PROFILES = { 'dkip-malut': DKIP_MALUT, 'esdm-babel': ESDM_BABEL } as const;
export type ProfileId = keyof typeof PROFILES;

/** The profile with the office's standard-time overrides applied. */
export function resolveProfile(id: ProfileId, mutuBakuOverrides: Record<string, number> = {}): SopProfile {
  const base = PROFILES[id];
  for (const stageId of Object.keys(mutuBakuOverrides)) {
    if (!base.stages.some((s) => s.id === stageId)) {
      throw new Error(`mutuBakuOverrides names stage "${stageId}", which profile ${id} does not have`);
    }
  }
  return {
    ...base,
    stages: base.stages.map((s) => ({ ...s, mutuBakuMinutes: mutuBakuOverrides[s.id] ?? s.mutuBakuMinutes })),
  };
}

export function stageById(profile: SopProfile, stageId: string): Stage {
  const stage = profile.stages.find((s) => s.id === stageId);
  if (!stage) throw new Error(`profile ${profile.id} has no stage "${stageId}"`);
  return stage;
}
