/**
 * The desk's addresses: `/masuk` (the sign-in link's page, its token in the fragment) and
 * everything under `/meja`, where the shell picks the section by the longest path that
 * matches and hands it the rest of the address; a section's menu entry is shown only to
 * the roles it admits.
 */
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../web/src/lib/routes.js';
import { admits, type DeskMe } from '../../web/src/pages/desk/me.js';
import { rememberReturnTo, takeReturnTo } from '../../web/src/pages/desk/return-to.js';
import { sectionOf, type DeskSection } from '../../web/src/pages/desk/sections.js';

const section = (path: string, roles: DeskSection['roles'] = 'signed-in'): DeskSection => ({
  path,
  label: 'desk.title',
  roles,
  load: () => Promise.reject(new Error('not loaded in this test')),
});

describe('the desk addresses', () => {
  it('routes /masuk to the sign-in page, the token left in the fragment for the page to read', () => {
    expect(matchRoute('/masuk', '', '#AbCdEfGhIjKlMnOpQrStUv')).toEqual({ page: 'signIn' });
    expect(matchRoute('/masuk/')).toEqual({ page: 'signIn' });
  });

  it('routes /meja and everything under it to the desk shell with the path', () => {
    expect(matchRoute('/meja')).toEqual({ page: 'desk', path: '/meja' });
    expect(matchRoute('/meja/rilis/01JD0000000000000000000001')).toEqual({ page: 'desk', path: '/meja/rilis/01JD0000000000000000000001' });
    expect(matchRoute('/mejakerja')).toEqual({ page: 'notFound' });
  });

  it('picks the longest matching section and gives it the rest of the address', () => {
    const sections = [section('/meja'), section('/meja/rilis'), section('/meja/papan')];
    expect(sectionOf('/meja', sections)).toEqual({ section: sections[0], rest: [] });
    expect(sectionOf('/meja/rilis/01JD%2F1/', sections)).toEqual({ section: sections[1], rest: ['01JD/1'] });
    expect(sectionOf('/meja/papan', sections)?.section).toBe(sections[2]);
    expect(sectionOf('/meja/papanx', sections)?.section).toBe(sections[0]);
    expect(sectionOf('/meja/agenda', [section('/meja/papan')])).toBeUndefined();
    expect(sectionOf('/meja/rilis/%E0%A4%A', sections)?.rest).toEqual(['%E0%A4%A']);
  });

  it('admits a person to a section by any one of their roles', () => {
    const me: DeskMe = { sessionId: 's', personId: 'p', email: 'p@x.go.id', name: 'P', roles: ['petugas', 'operator'] };
    expect(admits(me, 'signed-in')).toBe(true);
    expect(admits(me, ['operator', 'admin'])).toBe(true);
    expect(admits(me, ['auditor'])).toBe(false);
  });

  it('returns after sign-in to the desk address opened signed out, once, and never outside the desk', () => {
    rememberReturnTo('/meja/rilis/01JD0000000000000000000001');
    expect(takeReturnTo()).toBe('/meja/rilis/01JD0000000000000000000001');
    expect(takeReturnTo()).toBe('/meja');
    rememberReturnTo('//evil.example/meja');
    expect(takeReturnTo()).toBe('/meja');
    rememberReturnTo('/meja/../t/');
    expect(takeReturnTo()).toBe('/meja');
  });
});
