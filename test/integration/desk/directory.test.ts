import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/domain/config.js';
import { addWorkingMinutes, localDateOf } from '../../../functions/domain/office-clock.js';
import { calendarOf } from '../../../functions/domain/office-structure.js';
import { httpEvent, parse, releaseAtDisposition, startLocalStores, type LocalStores } from '../intake/harness.js';

let stores: LocalStores;
let deskDirectory: typeof import('../../../functions/handlers/desk-directory.js').handler;
let directory: typeof import('../../../functions/adapters/directory-store.js');

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  deskDirectory = (await import('../../../functions/handlers/desk-directory.js')).handler;
  directory = await import('../../../functions/adapters/directory-store.js');
});
afterAll(async () => stores.stop());

/** A desk request as the session authorizer passes it on (dkip-malut: Sari holds the admin role). */
function desk(
  method: 'GET' | 'POST',
  body?: unknown,
  who = { personId: 'petugas-1', name: 'Sari Wulandari', roles: 'petugas,operator,admin' },
) {
  const event = httpEvent({ method, path: '/api/desk/directory', body });
  const lambda = { sessionId: `s-${who.personId}`, email: `${who.personId}@kominfo.example.go.id`, ...who };
  return { ...event, requestContext: { ...event.requestContext, authorizer: { lambda } } } as typeof event;
}

const officeCalendar = () => calendarOf(parseConfig(JSON.parse(process.env.WARTA_CONFIG!)));
const dayAfter = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('the directory edited on the desk', () => {
  it('an acting official an admin adds receives the next task of the role, and the official replaced does not', async () => {
    // Prepare: Andi (kasi) is Plh Kabid for Rahmat from today for a week.
    const opened = addWorkingMinutes(officeCalendar(), new Date(), 0);
    const today = localDateOf(officeCalendar(), opened);
    const acting = { person: 'kasi-humas', role: 'kabid', from: today, to: dayAfter(today, 7), replaces: 'kabid-piks', kind: 'plh' };
    // Act
    const added = parse(await deskDirectory(desk('POST', { kind: 'acting', expectedVersion: 0, entry: acting })));
    const mark = stores.mails.length;
    await releaseAtDisposition('Peresmian jembatan', opened);
    // Assert
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ kind: 'acting', id: `kasi-humas-kabid-${today}`, version: 1, by: { personId: 'petugas-1' } });
    const taskMails = stores.mails.slice(mark).flatMap((m) => m.to);
    expect(taskMails).toContain('kasi.humas@kominfo.example.go.id');
    expect(taskMails).not.toContain('kabid.piks@kominfo.example.go.id');
    const view = parse(await deskDirectory(desk('GET')));
    expect(view.body.acting).toContainEqual(expect.objectContaining({ id: `kasi-humas-kabid-${today}`, person: 'kasi-humas' }));
    expect(view.body.history[0]).toMatchObject({ kind: 'acting', action: 'put', by: { name: 'Sari Wulandari' } });
  });

  it('refuses a change that breaks a rule synth applies, naming the entry and the rule', async () => {
    // Prepare: Rahmat's superior made Nurul, whose superior is Rahmat: a cycle.
    const rahmat = {
      id: 'kabid-piks',
      name: 'Rahmat Hidayat',
      email: 'kabid.piks@kominfo.example.go.id',
      roles: ['kabid'],
      superior: 'kasi-piks',
    };
    const stranger = { ...rahmat, superior: 'nobody-here' };
    const nobodyDisposes = { ...rahmat, roles: ['kasi'], superior: undefined };
    // Act
    const cycle = parse(await deskDirectory(desk('POST', { kind: 'person', expectedVersion: 0, entry: rahmat })));
    const unknown = parse(await deskDirectory(desk('POST', { kind: 'person', expectedVersion: 0, entry: stranger })));
    const noHolder = parse(await deskDirectory(desk('POST', { kind: 'person', expectedVersion: 0, entry: nobodyDisposes })));
    const badEmail = parse(await deskDirectory(desk('POST', { kind: 'person', expectedVersion: 0, entry: { ...rahmat, email: 'x' } })));
    // Assert
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.message).toContain('superiors form a cycle');
    expect(cycle.body.error.fields[0].path).toMatch(/^people\.(kabid-piks|kasi-piks)\.superior$/);
    expect(unknown.body.error.fields).toContainEqual(
      expect.objectContaining({ path: 'people.kabid-piks.superior', message: 'names "nobody-here", who is not among the people' }),
    );
    // The acting official holds kabid only through Rahmat's role; without it, nobody disposes after the week.
    expect(noHolder.status).toBe(400);
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['email']);
    expect((await directory.listPeople()).find((p) => p.id === 'kabid-piks')?.superior).toBeUndefined();
  });

  it('takes one change sent twice once, and refuses a change made over someone else’s', async () => {
    // Prepare
    const outlet = { id: 'radio-baru', outlet: 'Radio Baru FM', type: 'radio', email: 'redaksi@radiobaru.example.com' };
    const change = { kind: 'outlet', expectedVersion: 0, entry: outlet };
    // Act
    const first = parse(await deskDirectory(desk('POST', change)));
    const again = parse(await deskDirectory(desk('POST', change)));
    const stale = parse(await deskDirectory(desk('POST', { ...change, entry: { ...outlet, outlet: 'Radio Lama' } })));
    const off = parse(await deskDirectory(desk('POST', { kind: 'outlet', expectedVersion: 1, entry: { ...outlet, active: false } })));
    // Assert
    expect([first.status, again.status, stale.status, off.status]).toEqual([200, 200, 409, 200]);
    const view = parse(await deskDirectory(desk('GET')));
    expect(view.body.history.filter((h: { id: string }) => h.id === 'radio-baru')).toHaveLength(2);
    expect(view.body.versions['outlet:radio-baru'].version).toBe(2);
    expect(view.body.history.find((h: { id: string; version: number }) => h.id === 'radio-baru' && h.version === 2).fields).toEqual([
      'active',
    ]);
    expect((await directory.listOutlets()).map((o) => o.id)).toContain('radio-baru');
    expect((await directory.listActiveOutlets()).map((o) => o.id)).not.toContain('radio-baru');
  });

  it('removes a configured outlet, and keeps it removed whatever the config says', async () => {
    // Act
    const removed = parse(await deskDirectory(desk('POST', { kind: 'outlet', expectedVersion: 0, remove: 'tvri-malut' })));
    const missing = parse(await deskDirectory(desk('POST', { kind: 'outlet', expectedVersion: 0, remove: 'no-such-outlet' })));
    // Assert
    expect(removed.status).toBe(200);
    expect(missing.status).toBe(404);
    expect((await directory.listOutlets()).map((o) => o.id)).not.toContain('tvri-malut');
  });

  it('admits only the admin role, and nobody without a session', async () => {
    // Prepare
    const kabid = { personId: 'kabid-piks', name: 'Rahmat Hidayat', roles: 'kabid' };
    const signedOut = httpEvent({ method: 'GET', path: '/api/desk/directory' });
    // Act
    const refused = parse(await deskDirectory(desk('GET', undefined, kabid)));
    const anonymous = parse(await deskDirectory(signedOut));
    // Assert
    expect(refused.status).toBe(403);
    expect(anonymous.status).toBe(401);
  });
});
