import { allPages } from '@/composables/usePaged';
import { api, apiRoute } from './client';

/**
 * The places as whole lists, for the pages and pickers that need all of them (a city has tens of streets, a street tens
 * of communities, a community tens of blocks): every page read, so a long list is never cut at 100.
 */
export const streets = () => allPages((cursor) => api.get('/streets', { cursor, limit: 100 }));

export const communitiesOf = (streetId: string) => allPages((cursor) => api.get('/communities', { streetId, cursor, limit: 100 }));

export const blocksOf = (communityId: string) =>
  allPages((cursor) => api.get(apiRoute('/communities/{id}/blocks', { id: communityId }), { cursor, limit: 100 }));
