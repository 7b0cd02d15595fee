import { allPages } from '@/composables/usePaged';
import { api } from './client';

/** Every merchant the caller may see, for the pickers (商家) of items, redemptions and roles. */
export const merchants = () => allPages((cursor) => api.get('/merchants', { cursor, limit: 100 }));
