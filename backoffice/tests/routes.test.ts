import { describe, expect, it } from 'vitest';
import { api, apiRoute } from '@/api/client';

describe('the API client is typed by the OpenAPI document', () => {
  it('fills a route\'s parameters', () => {
    expect(apiRoute('/tasks/{id}/claims', { id: '42' }).path).toBe('/tasks/42/claims');
    expect(apiRoute('/communities/{id}/blocks', { id: 'a b' }).path).toBe('/communities/a%20b/blocks');
  });

  it('refuses a route the API does not have, and a route whose parameters are not filled in', () => {
    // vue-tsc fails the build when either line stops being an error: a renamed route cannot go unnoticed.
    // @ts-expect-error: not a route of the API's document
    const renamed = () => api.get('/task-list');
    // @ts-expect-error: a route with parameters is called through apiRoute
    const unfilled = () => api.get('/tasks/{id}');
    expect([typeof renamed, typeof unfilled]).toEqual(['function', 'function']);
  });
});
