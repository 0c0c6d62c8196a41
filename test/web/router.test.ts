import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../web/src/lib/routes.js';

describe('matchRoute', () => {
  it('sends the root and index.html to the submit form', () => {
    expect(matchRoute('/')).toEqual({ page: 'submit' });
    expect(matchRoute('/index.html')).toEqual({ page: 'submit' });
    expect(matchRoute('')).toEqual({ page: 'submit' });
  });

  it('reads the release id and, from the fragment, the private key of a status link', () => {
    // Prepare
    const id = `rel-${Date.now()}`;

    // Act
    const route = matchRoute(`/s/${id}`, '', '#k3y_abc-123');

    // Assert
    expect(route).toEqual({ page: 'status', id, key: 'k3y_abc-123' });
  });

  it('an older status link with ?key= still routes, and names its fragment form', () => {
    expect(matchRoute('/s/rel-1', '?key=k3y_abc-123')).toEqual({
      page: 'status',
      id: 'rel-1',
      key: 'k3y_abc-123',
      canonical: '/s/rel-1#k3y_abc-123',
    });
  });

  it('a status link without its key still routes, with an empty key the page explains', () => {
    expect(matchRoute('/s/abc')).toEqual({ page: 'status', id: 'abc', key: '' });
  });

  it('routes the verification page by its archive id', () => {
    expect(matchRoute('/v/01JD0000000000000000000001')).toEqual({ page: 'verify', archiveId: '01JD0000000000000000000001' });
  });

  it('sends the confirmation link to its page, which reads the token from the fragment itself', () => {
    expect(matchRoute('/k/')).toEqual({ page: 'confirm' });
    expect(matchRoute('/k')).toEqual({ page: 'confirm' });
  });

  it('reads the link id of a task link from the fragment', () => {
    expect(matchRoute('/t/', '', '#Zx9_link-id')).toEqual({ page: 'task', linkId: 'Zx9_link-id' });
    expect(matchRoute('/t', '', '#Zx9_link-id')).toEqual({ page: 'task', linkId: 'Zx9_link-id' });
  });

  it('an older task link with the id in its path still routes, and names its fragment form', () => {
    expect(matchRoute('/t/Zx9_link-id')).toEqual({ page: 'task', linkId: 'Zx9_link-id', canonical: '/t/#Zx9_link-id' });
    expect(matchRoute('/t/Zx9_link-id/')).toEqual({ page: 'task', linkId: 'Zx9_link-id', canonical: '/t/#Zx9_link-id' });
  });

  it('anything else, or an id with odd characters, is not found', () => {
    expect(matchRoute('/x/abc')).toEqual({ page: 'notFound' });
    expect(matchRoute('/t/')).toEqual({ page: 'notFound' });
    expect(matchRoute('/t/', '', '#%3Cscript%3E')).toEqual({ page: 'notFound' });
    expect(matchRoute('/t/a/b')).toEqual({ page: 'notFound' });
    expect(matchRoute('/t/%3Cscript%3E')).toEqual({ page: 'notFound' });
  });
});
