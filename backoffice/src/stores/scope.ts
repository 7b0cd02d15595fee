import { defineStore } from 'pinia';
import type { Schemas } from '@/api/types';
import { useSession } from './session';
import { communityStats, workUnitStats } from '@/api/stats';

const communityKey = 'zhuji.backoffice.community';
const unitKey = 'zhuji.backoffice.unit';

/**
 * Which community or work unit the pages work on. A community secretary has one; a street or the city picks one
 * (remembered across visits). The lists come from the API, so they hold exactly what the caller may see.
 */
export const useScope = defineStore('scope', {
  state: () => ({
    communities: [] as Schemas['CommunityStatsDto'][],
    units: [] as { id: string; name: string }[],
    communityId: localStorage.getItem(communityKey) ?? '',
    unitId: localStorage.getItem(unitKey) ?? '',
    loaded: false,
  }),
  getters: {
    community: (state) => state.communities.find((c) => c.communityId === state.communityId),
    unit: (state) => state.units.find((u) => u.id === state.unitId),
  },
  actions: {
    async load(): Promise<void> {
      const session = useSession();
      if (session.has('CityAdmin', 'StreetAdmin', 'CommunityAdmin')) {
        this.communities = await communityStats();
      }

      if (session.has('CityAdmin')) {
        this.units = (await workUnitStats()).map((u) => ({ id: u.workUnitId, name: u.name }));
      } else {
        this.units = session.scopesOf('WorkUnitAdmin').map((r) => ({ id: r.scopeId ?? '', name: r.scopeName ?? '' }));
      }

      if (!this.communities.some((c) => c.communityId === this.communityId)) {
        this.communityId = this.communities[0]?.communityId ?? '';
      }

      if (!this.units.some((u) => u.id === this.unitId)) {
        this.unitId = this.units[0]?.id ?? '';
      }

      this.loaded = true;
    },
    chooseCommunity(id: string): void {
      this.communityId = id;
      localStorage.setItem(communityKey, id);
    },
    chooseUnit(id: string): void {
      this.unitId = id;
      localStorage.setItem(unitKey, id);
    },
    reset(): void {
      this.communities = [];
      this.units = [];
      this.loaded = false;
    },
  },
});
