/**
 * The one file an office edits (`infra/config/*.json`): validated here when the app
 * synthesizes, so a wrong value fails `cdk synth` with a message naming the field.
 * The validated config reaches the Lambdas as the WARTA_CONFIG environment variable.
 */
// zod/mini: the same validation core as classic zod, as functions esbuild can leave out when
// unused, so the Lambdas that read WARTA_CONFIG carry only the checks this schema uses.
import * as z from 'zod/mini';
import { PROFILES, ROLES, resolveProfile, type SopProfile } from './profiles.js';
import { IN_ENGLISH } from './zod-english.js';
import { isKnownTimeZone, WEEKDAYS } from './office-clock.js';
import { DEFAULT_OFFICE_HOURS, DEFAULT_ROLE_ABOVE, roleHolderProblems, structureProblems } from './office-structure.js';

/** The news types every office has (jenis berita); an office may add its own. */
export const DEFAULT_NEWS_TYPES = {
  kegiatan: { id: 'Liputan kegiatan', en: 'Activity coverage' },
  pengumuman: { id: 'Pengumuman', en: 'Announcement' },
  pembangunan: { id: 'Informasi pembangunan daerah', en: 'Regional development information' },
  klarifikasi: { id: 'Klarifikasi', en: 'Clarification' },
  lainnya: { id: 'Lainnya', en: 'Other' },
} as const;

/** Number templates: placeholders the numbering code fills in. */
const TEMPLATE_FIELDS = ['{seq}', '{year}', '{month}', '{code}', '{unit}', '{classification}'];
import { MEDIA_TYPES } from './roles.js';

export { MEDIA_TYPES };

/**
 * The schemas, built on first use rather than when the module loads: a function whose
 * WARTA_CONFIG is the text synth validated (its hash says so, functions/runtime/env.ts) never
 * needs them, and building them was about a sixth of a cold start.
 */
function buildSchemas() {
  const label = z.object({ id: z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) });
  const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes'));
  const email = z.email();
  const locale = z.enum(['id', 'en']);

  const personSchema = z.object({
    id: slug,
    name: z.string().check(z.minLength(1), z.maxLength(120)),
    email,
    roles: z.array(z.enum(ROLES)).check(z.minLength(1)),
    locale: z._default(locale, 'id'),
    /** Official title printed beside a paraf, e.g. "Kepala Seksi PIKS". */
    title: z.optional(z.string().check(z.maxLength(160))),
    /** A telephone or WhatsApp number the office reaches the person on; shown on the desk, never mailed out. */
    phone: z.optional(z.string().check(z.regex(/^\+?[0-9 ()-]{6,24}$/, 'a phone number like +62 812 3456 7890'))),
    /** Whom this person's late tasks escalate to, by id; without it, the people of the role above. */
    superior: z.optional(slug),
  });
  const outletSchema = z.object({
    id: slug,
    outlet: z.string().check(z.minLength(1), z.maxLength(160)),
    type: z.enum(MEDIA_TYPES),
    email,
    locale: z._default(locale, 'id'),
    /** An outlet set inactive on the desk keeps its record but gets no releases; absent means active. */
    active: z.optional(z.boolean()),
  });
  const numberTemplate = z.string().check(
    z.minLength(1),
    z.refine((t) => t.includes('{seq}'), 'the template must contain {seq}'),
    z.refine(
      (t) => (t.match(/\{[a-z]+\}/g) ?? []).every((f) => TEMPLATE_FIELDS.includes(f)),
      `only these fields may be used: ${TEMPLATE_FIELDS.join(' ')}`,
    ),
  );

  /** "07:30-16:00": when the office opens and closes that day, local time. */
  const officeDay = z.string().check(
    z.regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'opening and closing like 07:30-16:00'),
    z.refine((d) => d.slice(0, 5) < d.slice(6), 'the office must open before it closes'),
  );
  const isoDate = z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-06-01'),
    z.refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), 'not a day of the calendar'),
  );
  // Dates only, no names: the whole config travels in each Lambda's 4 KB of environment.
  const closedDays = z.object({
    liburNasional: z._default(z.array(isoDate), []),
    cutiBersama: z._default(z.array(isoDate), []),
  });
  const actingOfficial = z.object({
    /** Names the entry for desk edits; without it, `<person>-<role>-<from>` (directory.ts). */
    id: z.optional(slug),
    person: slug,
    role: z.enum(ROLES),
    from: isoDate,
    to: isoDate,
    /** The official they stand in for, who gets none of the role's tasks meanwhile. */
    replaces: z.optional(slug),
    /** Plt (pelaksana tugas) or Plh (pelaksana harian). */
    kind: z._default(z.enum(['plt', 'plh']), 'plh'),
  });

  /** Permendagri 83/2022 classification codes, e.g. 400.14.4.3 pemberitaan. */
  const classificationCode = z.string().check(z.regex(/^\d{3}(\.\d{1,2}){0,4}$/, 'a code like 400.14.4.3'));

  const configSchema = z
    .object({
      office: z.object({
        name: label,
        /** Short code of the unit, used in numbers: "DKIP-MU". */
        unitCode: z.string().check(z.regex(/^[A-Za-z0-9.-]{1,20}$/, 'letters, digits, dots and dashes, at most 20')),
        /** Code of the agenda book in numbers: "PR". */
        agendaCode: z._default(z.string().check(z.regex(/^[A-Za-z0-9.-]{1,20}$/)), 'PR'),
        address: z.optional(z.string().check(z.maxLength(300))),
        /** The IANA zone the office's clock runs in: WIT is Asia/Jayapura, WITA Asia/Makassar, WIB Asia/Jakarta. */
        timeZone: z._default(
          z
            .string()
            .check(z.refine(isKnownTimeZone, 'an IANA time zone such as Asia/Jayapura (WIT), Asia/Makassar (WITA) or Asia/Jakarta (WIB)')),
          'Asia/Jayapura',
        ),
        /** Office hours per weekday in the office's zone; a weekday left out is closed. */
        hours: z._default(z.partialRecord(z.enum(WEEKDAYS), officeDay), DEFAULT_OFFICE_HOURS),
      }),
      /**
       * Days the office is closed, by year: national holidays (libur nasional) and cuti
       * bersama as the government's joint decree (SKB) sets them each year.
       */
      holidays: z._default(z.record(z.string().check(z.regex(/^\d{4}$/, 'a year like 2026')), closedDays), {}),
      /** Who is above whom: the head's role, and for each role the role its late tasks escalate to. */
      organization: z._default(
        z.object({
          head: z._default(z.enum(ROLES), 'kepala'),
          roleAbove: z._default(z.partialRecord(z.enum(ROLES), z.enum(ROLES)), DEFAULT_ROLE_ABOVE),
        }),
        { head: 'kepala', roleAbove: DEFAULT_ROLE_ABOVE },
      ),
      /** Acting officials (Plt/Plh): a person who takes a role's tasks from one date to another, both included. */
      acting: z._default(z.array(actingOfficial), []),
      locale: z._default(locale, 'id'),
      mail: z.object({
        /** The From address; its domain gets an SES identity with DKIM. */
        sender: email,
        senderName: z.string().check(z.minLength(1), z.maxLength(120)),
        domain: z.string().check(z.regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'a domain like kominfo.example.go.id')),
        replyTo: z.optional(email),
        /** SES sending rate the media sender throttles itself to (messages per second). */
        maxSendRate: z._default(z.number().check(z.positive(), z.lte(500)), 14),
      }),
      /** Where alarms go. */
      opsEmail: email,
      profile: z.enum(Object.keys(PROFILES) as [keyof typeof PROFILES, ...(keyof typeof PROFILES)[]]),
      /** Standard-time overrides in minutes, by stage id of the chosen profile. */
      mutuBakuOverrides: z._default(z.record(z.string(), z.number().check(z.int(), z.positive(), z.lte(60 * 24 * 30))), {}),
      /**
       * Settings of single stages, by stage id of the chosen profile. `parafCode`: a decision
       * on that review stage needs a 6-digit code mailed to the person (paraf-code.ts).
       */
      stageSettings: z._default(z.record(z.string(), z.object({ parafCode: z._default(z.boolean(), false) })), {}),
      people: z.array(personSchema).check(z.minLength(1)),
      media: z._default(z.array(outletSchema), []),
      newsTypes: z._default(z.record(slug, label), {}),
      numbering: z.object({
        agenda: z._default(numberTemplate, '{seq}/{code}/{unit}/{year}'),
        archive: z._default(numberTemplate, '{classification}/{seq}/{unit}/{year}'),
        /** Zero-pad sequence numbers to this many digits. */
        seqDigits: z._default(z.number().check(z.int(), z.gte(1), z.lte(8)), 3),
      }),
      classification: z.object({
        /** Code given to an archived release by news type; `default` for the rest. */
        byNewsType: z._default(z.record(z.string(), classificationCode), {}),
        default: z._default(classificationCode, '400.14.4.3'),
        labels: z._default(z.record(classificationCode, label), {}),
      }),
      archive: z.object({
        retentionYears: z.number().check(z.int(), z.gte(1), z.lte(100)),
      }),
      /**
       * Personal data (UU 27/2022): who a submitter asks about their data, and how long a
       * rejected or failed release keeps its submitter's name, email and phone and its
       * approvers' IP and user agent before the sweep removes them.
       */
      personalData: z._default(
        z.object({
          contact: z.optional(email),
          removeAfterDays: z._default(
            z
              .number({ error: 'a number of days, e.g. 90' })
              .check(
                z.int('a whole number of days, e.g. 90'),
                z.gte(1, 'at least 1 day'),
                z.lte(3650, 'at most 3650 days (ten years); longer is not "only as long as needed"'),
              ),
            90,
          ),
        }),
        { removeAfterDays: 90 },
      ),
      uploads: z._default(
        z.object({
          maxBytes: z._default(z.number().check(z.int(), z.positive()), 2 * 1024 ** 3),
          /** Above this size an upload goes in parts. */
          partSize: z._default(z.number().check(z.int(), z.gte(5 * 1024 ** 2)), 16 * 1024 ** 2),
          maxFiles: z._default(z.number().check(z.int(), z.positive(), z.lte(50)), 20),
        }),
        { maxBytes: 2 * 1024 ** 3, partSize: 16 * 1024 ** 2, maxFiles: 20 },
      ),
      /**
       * What one sender may ask of the public routes before the API answers 429: confirmation
       * mails to one address a day, submissions and upload creations from one IP an hour.
       */
      limits: z._default(
        z.object({
          confirmationMailsPerAddressPerDay: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 3),
          submissionsPerIpPerHour: z._default(z.number().check(z.int(), z.gte(1), z.lte(10_000)), 20),
          uploadsPerIpPerHour: z._default(z.number().check(z.int(), z.gte(1), z.lte(100_000)), 200),
        }),
        { confirmationMailsPerAddressPerDay: 3, submissionsPerIpPerHour: 20, uploadsPerIpPerHour: 200 },
      ),
      /**
       * The submission form's proof-of-work (ALTCHA, PBKDF2/SHA-256): a browser derives
       * `cost`-iteration keys until it finds the server's counter, drawn between half of
       * `difficulty` and `difficulty`; more is slower for people and bots alike. A challenge
       * is good for `expiresInMinutes`.
       */
      captcha: z._default(
        z.object({
          difficulty: z._default(z.number().check(z.int(), z.gte(2), z.lte(1_000_000)), 1000),
          cost: z._default(z.number().check(z.int(), z.gte(1), z.lte(100_000)), 1000),
          expiresInMinutes: z._default(z.number().check(z.int(), z.gte(1), z.lte(60)), 10),
        }),
        { difficulty: 1000, cost: 1000, expiresInMinutes: 10 },
      ),
      sla: z._default(
        z.object({
          /** How many standard times pass before the one reminder and the escalation. */
          remindAfter: z._default(z.number().check(z.positive()), 1),
          escalateAfter: z._default(z.number().check(z.positive()), 2),
          /** A human task left this many days is closed as expired. */
          expireAfterDays: z._default(z.number().check(z.int(), z.positive()), 30),
        }),
        { remindAfter: 1, escalateAfter: 2, expireAfterDays: 30 },
      ),
      /**
       * The office's own domain for the web app and newsroom: the distribution answers on it
       * with this certificate, and links, CORS and the CSP origin follow it. CloudFront takes
       * ACM certificates from us-east-1 only, whatever the stack's Region
       * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html).
       */
      site: z.optional(
        z.object({
          domain: z
            .string()
            .check(
              z.regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'a host name like warta.kominfo.example.go.id, without https://'),
            ),
          certificateArn: z.string().check(
            z.regex(
              /^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
              'an ACM certificate ARN like arn:aws:acm:us-east-1:111122223333:certificate/<id>',
            ),
            z.refine(
              (arn) => !/^arn:aws:acm:/.test(arn) || arn.startsWith('arn:aws:acm:us-east-1:'),
              'must be a certificate in us-east-1: CloudFront uses ACM certificates from US East (N. Virginia) only; request or import one there',
            ),
          ),
        }),
      ),
      /** The public address of the web app and newsroom; with `site` it is https://<site.domain>, which is the default. */
      webOrigin: z.optional(z.url()),
    })
    .check(
      z.superRefine((cfg, ctx) => {
        const profile = resolveProfileOrNull(cfg.profile, cfg.mutuBakuOverrides);
        if (!profile) {
          ctx.addIssue({ code: 'custom', path: ['mutuBakuOverrides'], message: `names a stage the profile ${cfg.profile} does not have` });
          return;
        }
        for (const stageId of Object.keys(cfg.stageSettings)) {
          const stage = profile.stages.find((s) => s.id === stageId);
          if (!stage)
            ctx.addIssue({
              code: 'custom',
              path: ['stageSettings', stageId],
              message: `names a stage the profile ${cfg.profile} does not have`,
            });
          else if (cfg.stageSettings[stageId]?.parafCode && stage.kind !== 'review') {
            ctx.addIssue({
              code: 'custom',
              path: ['stageSettings', stageId, 'parafCode'],
              message: `only a review stage takes a paraf; "${stageId}" is a ${stage.kind} stage`,
            });
          }
        }
        const ids = new Set<string>();
        cfg.people.forEach((p, i) => {
          if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['people', i, 'id'], message: `duplicate id "${p.id}"` });
          ids.add(p.id);
        });
        const outletIds = new Set<string>();
        cfg.media.forEach((m, i) => {
          if (outletIds.has(m.id)) ctx.addIssue({ code: 'custom', path: ['media', i, 'id'], message: `duplicate id "${m.id}"` });
          outletIds.add(m.id);
        });
        if (cfg.webOrigin && cfg.site && new URL(cfg.webOrigin).origin !== `https://${cfg.site.domain}`) {
          ctx.addIssue({
            code: 'custom',
            path: ['webOrigin'],
            message: `must be https://${cfg.site.domain}, the domain the distribution answers on (site.domain), or left out`,
          });
        }
        for (const problem of [...structureProblems(cfg, profile), ...roleHolderProblems(cfg, profile)])
          ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
        if (!cfg.mail.sender.endsWith(`@${cfg.mail.domain}`)) {
          ctx.addIssue({ code: 'custom', path: ['mail', 'sender'], message: `must be an address at the mail domain ${cfg.mail.domain}` });
        }
      }),
    );

  return { person: personSchema, outlet: outletSchema, config: configSchema, acting: actingOfficial };
}

type Schemas = ReturnType<typeof buildSchemas>;
let schemas: Schemas | undefined;

export function configSchemas(): Schemas {
  schemas ??= buildSchemas();
  return schemas;
}

export type Person = z.infer<Schemas['person']>;
export type Outlet = z.infer<Schemas['outlet']>;
export type WartaConfig = z.infer<Schemas['config']>;
export type ActingOfficial = z.infer<Schemas['acting']>;

function resolveProfileOrNull(id: keyof typeof PROFILES, overrides: Record<string, number>): SopProfile | null {
  try {
    return resolveProfile(id, overrides);
  } catch {
    return null;
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses a config object; throws a ConfigError listing every wrong field by its path. */
export function parseConfig(raw: unknown, source = 'configuration'): WartaConfig {
  const result = configSchemas().config.safeParse(raw, IN_ENGLISH);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`${source} is not valid:\n${lines.join('\n')}`);
}

/** The office's profile with its overrides applied. */
export function profileOf(cfg: WartaConfig): SopProfile {
  return resolveProfile(cfg.profile, cfg.mutuBakuOverrides);
}

/** All news types the office accepts: the defaults plus its own. */
export function newsTypesOf(cfg: WartaConfig): Record<string, { id: string; en: string }> {
  return { ...DEFAULT_NEWS_TYPES, ...cfg.newsTypes };
}

/** Who a submitter asks about their personal data: the configured contact, else the office's reply address. */
export function privacyContactOf(cfg: WartaConfig): string {
  return cfg.personalData.contact ?? cfg.mail.replyTo ?? cfg.mail.sender;
}

/** What the submission form's privacy notice states, served to the web app in /config.json. */
export interface PrivacyNotice {
  contact: string;
  removeAfterDays: number;
  archiveYears: number;
}

export function privacyNoticeOf(cfg: WartaConfig): PrivacyNotice {
  return { contact: privacyContactOf(cfg), removeAfterDays: cfg.personalData.removeAfterDays, archiveYears: cfg.archive.retentionYears };
}
