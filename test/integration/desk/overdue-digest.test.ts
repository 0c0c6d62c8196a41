import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/domain/config.js';
import { addWorkingMinutes, localDateOf, openingOn } from '../../../functions/domain/office-clock.js';
import { calendarOf } from '../../../functions/domain/office-structure.js';
import { htmlPart, httpEvent, parse, releaseAtDisposition, startLocalStores, type LocalStores } from '../intake/harness.js';

let stores: LocalStores;
let digest: typeof import('../../../functions/handlers/overdue-digest.js').handler;
let deskDigest: typeof import('../../../functions/handlers/desk-digest.js').handler;
let sweep: typeof import('../../../functions/handlers/sla-sweep.js').handler;
let directory: typeof import('../../../functions/adapters/directory-store.js');

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  digest = (await import('../../../functions/handlers/overdue-digest.js')).handler;
  deskDigest = (await import('../../../functions/handlers/desk-digest.js')).handler;
  sweep = (await import('../../../functions/handlers/sla-sweep.js')).handler;
  directory = await import('../../../functions/adapters/directory-store.js');
});
afterAll(async () => stores.stop());

const officeCalendar = () => calendarOf(parseConfig(JSON.parse(process.env.WARTA_CONFIG!)));

/** Half an hour after the office opens on the first working day after `after`. */
function nextWorkingMorning(after: Date): Date {
  const cal = officeCalendar();
  for (let day = 1; day < 30; day++) {
    const at = new Date(after.getTime() + day * 86_400_000);
    const opening = openingOn(cal, at);
    if (opening) return new Date(opening[0] + 30 * 60_000);
  }
  throw new Error('no working day within 30 days');
}

function desk(method: 'GET' | 'POST', body: unknown, who: { personId: string; name: string; roles: string }) {
  const event = httpEvent({ method, path: '/api/desk/digest', body });
  const lambda = { sessionId: `s-${who.personId}`, email: `${who.personId}@kominfo.example.go.id`, ...who };
  return { ...event, requestContext: { ...event.requestContext, authorizer: { lambda } } } as typeof event;
}
const KEPALA = { personId: 'kepala', name: 'Kepala Dinas (contoh)', roles: 'kepala' };
const KABID = { personId: 'kabid-piks', name: 'Rahmat Hidayat', roles: 'kabid' };

const mailsTo = (address: string, from: number) => stores.mails.slice(from).filter((m) => m.to.includes(address));

describe('the overdue digest', () => {
  it('mails the holder of an overdue task and their superior once each on a working morning', async () => {
    // Prepare: a disposition left with the Kabid past its 15 minutes, seen the next working morning.
    const opened = addWorkingMinutes(officeCalendar(), new Date(), 0);
    await releaseAtDisposition('Rapat evaluasi anggaran', opened);
    const morning = nextWorkingMorning(opened);
    const mark = stores.mails.length;
    // Act
    const first = await digest({ time: morning.toISOString() });
    const second = await digest({ time: new Date(morning.getTime() + 3_600_000).toISOString() });
    // Assert
    expect(first.sent).toBeGreaterThanOrEqual(2);
    expect(second.sent).toBe(0);
    expect(second.alreadySent).toBe(first.sent);
    const toKabid = mailsTo('kabid.piks@kominfo.example.go.id', mark);
    const toSekretaris = mailsTo('sekretaris@kominfo.example.go.id', mark);
    expect(toKabid).toHaveLength(1);
    expect(toSekretaris).toHaveLength(1);
    expect(htmlPart(toKabid[0]!.raw)).toContain('Rapat evaluasi anggaran');
    expect(htmlPart(toSekretaris[0]!.raw)).toContain('Tugas staf di bawah Anda');
  });

  it('sends nothing on a holiday, nor outside the morning', async () => {
    // Prepare: Christmas 2026 is a Friday the config lists as libur nasional; 09:00 in Asia/Jayapura.
    const holiday = new Date('2026-12-25T00:00:00Z');
    const evening = new Date('2026-12-22T09:00:00Z');
    const mark = stores.mails.length;
    // Act
    const onHoliday = await digest({ time: holiday.toISOString() });
    const inEvening = await digest({ time: evening.toISOString() });
    // Assert
    expect(localDateOf(officeCalendar(), holiday)).toBe('2026-12-25');
    expect(onHoliday.skipped).toBe('not-a-working-morning');
    expect(inEvening.skipped).toBe('not-a-working-morning');
    expect(stores.mails.length).toBe(mark);
  });

  it('the head of office turns it off, nobody else can, and then nothing is sent', async () => {
    // Prepare
    const opened = addWorkingMinutes(officeCalendar(), new Date(), 0);
    await releaseAtDisposition('Sosialisasi aplikasi', opened);
    const morning = nextWorkingMorning(new Date(opened.getTime() + 86_400_000));
    const seen = parse(await deskDigest(desk('GET', undefined, KABID)));
    // Act
    const byKabid = parse(await deskDigest(desk('POST', { enabled: false, expectedVersion: 0 }, KABID)));
    const byHead = parse(await deskDigest(desk('POST', { enabled: false, expectedVersion: 0 }, KEPALA)));
    const mark = stores.mails.length;
    const run = await digest({ time: morning.toISOString() });
    // Assert
    expect(seen.body).toMatchObject({ enabled: true, canChange: false });
    expect(byKabid.status).toBe(403);
    expect(byHead.status).toBe(200);
    expect(parse(await deskDigest(desk('GET', undefined, KEPALA))).body).toMatchObject({ enabled: false, canChange: true, version: 1 });
    expect(run.skipped).toBe('turned-off');
    expect(stores.mails.length).toBe(mark);
  });
});

describe('acting officials from the desk, when a task escalates', () => {
  it('escalates to the acting official the desk added for the superior, not to the official replaced', async () => {
    // Prepare: Budi (petugas) is Plt Sekretaris from today for a month, added on the desk.
    const cal = officeCalendar();
    const opened = addWorkingMinutes(cal, new Date(), 0);
    const today = localDateOf(cal, opened);
    const inAMonth = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    const plt = {
      id: 'plt-sekretaris',
      person: 'petugas-2',
      role: 'sekretaris' as const,
      from: today,
      to: inAMonth,
      replaces: 'sekretaris',
      kind: 'plt' as const,
    };
    await directory.saveDirectoryEntry('acting', plt.id, plt, 0, { personId: 'petugas-1', name: 'Sari Wulandari' }, opened.toISOString());
    await releaseAtDisposition('Kunjungan kerja gubernur', opened);
    const mark = stores.mails.length;
    // Act: past twice the disposition's 15 minutes, the Kabid's task escalates to the role above.
    const escalated = await sweep({ time: addWorkingMinutes(cal, opened, 31).toISOString() });
    // Assert
    expect(escalated.escalated).toBeGreaterThanOrEqual(1);
    expect(mailsTo('budi@kominfo.example.go.id', mark).length).toBeGreaterThanOrEqual(1);
    expect(mailsTo('sekretaris@kominfo.example.go.id', mark)).toEqual([]);
  });
});
