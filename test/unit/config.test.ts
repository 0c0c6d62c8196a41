import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, privacyNoticeOf } from '../../functions/domain/config.js';

const office = () => JSON.parse(readFileSync(new URL('../../infra/config/dkip-malut.json', import.meta.url), 'utf8'));
const problemsOf = (edit: (cfg: any) => void): string => {
  const cfg = office();
  edit(cfg);
  try {
    parseConfig(cfg);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('the office configuration', () => {
  it('is accepted as shipped, with the defaults filled in', () => {
    // Act
    const cfg = parseConfig(office());
    // Assert
    expect(cfg.uploads).toEqual({ maxBytes: 2 * 1024 ** 3, partSize: 16 * 1024 ** 2, maxFiles: 20 });
    expect(cfg.sla).toEqual({ remindAfter: 1, escalateAfter: 2, expireAfterDays: 30 });
    expect(cfg.limits).toEqual({ confirmationMailsPerAddressPerDay: 3, submissionsPerIpPerHour: 20, uploadsPerIpPerHour: 200 });
    expect(cfg.people.every((p) => p.locale === 'id' || p.locale === 'en')).toBe(true);
  });

  it('keeps the personal data of a rejected or failed release 90 days unless the office says otherwise', () => {
    // Prepare
    const raw = office();
    delete raw.personalData;
    // Act
    const cfg = parseConfig(raw);
    // Assert
    expect(cfg.personalData).toEqual({ removeAfterDays: 90 });
    expect(privacyNoticeOf(cfg)).toEqual({ contact: 'piks@kominfo.example.go.id', removeAfterDays: 90, archiveYears: 10 });
  });

  it.each([
    ['people.0.email: Invalid email address', (c: any) => (c.people[0].email = 'nope')],
    ['people.0.name: Too small: expected string to have >=1 characters', (c: any) => (c.people[0].name = '')],
    ['archive.retentionYears: Invalid input: expected int, received number', (c: any) => (c.archive.retentionYears = 0.5)],
    ['archive.retentionYears: Invalid input: expected number, received string', (c: any) => (c.archive.retentionYears = 'ten')],
    ['profile: Invalid option: expected one of "dkip-malut"|"esdm-babel"', (c: any) => (c.profile = 'nope')],
    ['office: Invalid input: expected object, received undefined', (c: any) => delete c.office],
    ['mail.maxSendRate: Too big: expected number to be <=500', (c: any) => (c.mail.maxSendRate = 1000)],
    ['webOrigin: Invalid URL', (c: any) => (c.webOrigin = 'not a url')],
    [
      'site.certificateArn: must be a certificate in us-east-1: CloudFront uses ACM certificates from US East (N. Virginia) only; request or import one there',
      (c: any) =>
        (c.site = {
          domain: 'warta.kominfo.example.go.id',
          certificateArn: 'arn:aws:acm:ap-southeast-3:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
        }),
    ],
    [
      'site.certificateArn: an ACM certificate ARN like arn:aws:acm:us-east-1:111122223333:certificate/<id>',
      (c: any) => (c.site = { domain: 'warta.kominfo.example.go.id', certificateArn: 'warta-certificate' }),
    ],
    [
      'site.domain: a host name like warta.kominfo.example.go.id, without https://',
      (c: any) => (c.site = { domain: 'https://warta.example.go.id', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/x' }),
    ],
    [
      'webOrigin: must be https://warta.kominfo.example.go.id, the domain the distribution answers on (site.domain), or left out',
      (c: any) =>
        Object.assign(c, {
          webOrigin: 'https://other.example.go.id',
          site: { domain: 'warta.kominfo.example.go.id', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/x' },
        }),
    ],
    ['newsTypes.Bad Key: Invalid key in record', (c: any) => (c.newsTypes = { 'Bad Key': { id: 'x', en: 'y' } })],
    ['numbering.agenda: the template must contain {seq}', (c: any) => (c.numbering = { agenda: '{year}' })],
    ['mail.sender: must be an address at the mail domain kominfo.example.go.id', (c: any) => (c.mail.sender = 'a@other.example')],
    ['people.9.id: duplicate id "kepala"', (c: any) => c.people.push({ ...c.people[0] })],
    ['personalData.removeAfterDays: at least 1 day', (c: any) => (c.personalData.removeAfterDays = 0)],
    ['personalData.removeAfterDays: a whole number of days, e.g. 90', (c: any) => (c.personalData.removeAfterDays = 1.5)],
    ['personalData.removeAfterDays: a number of days, e.g. 90', (c: any) => (c.personalData.removeAfterDays = '90 hari')],
    [
      'personalData.removeAfterDays: at most 3650 days (ten years); longer is not "only as long as needed"',
      (c: any) => (c.personalData.removeAfterDays = 99999),
    ],
    ['personalData.contact: Invalid email address', (c: any) => (c.personalData.contact = 'ppid')],
    ['limits.submissionsPerIpPerHour: Too small: expected number to be >=1', (c: any) => (c.limits = { submissionsPerIpPerHour: 0 })],
    [
      'limits.confirmationMailsPerAddressPerDay: Invalid input: expected int, received number',
      (c: any) => (c.limits = { confirmationMailsPerAddressPerDay: 2.5 }),
    ],
  ])('names the wrong field and what it expected: %s', (line, edit) => {
    // Act
    const message = problemsOf(edit);
    // Assert
    expect(message).toContain(`configuration is not valid:\n`);
    expect(message.split('\n')).toContain(`  - ${line}`);
  });

  it('lists every wrong field, not only the first', () => {
    // Act
    const message = problemsOf((c) => {
      c.media = [{ id: 'x', outlet: '', type: 'blog', email: 'x' }];
    });
    // Assert
    expect(message.split('\n').slice(1)).toEqual([
      '  - media.0.outlet: Too small: expected string to have >=1 characters',
      '  - media.0.type: Invalid option: expected one of "online"|"print"|"tv"|"radio"',
      '  - media.0.email: Invalid email address',
    ]);
  });
});
