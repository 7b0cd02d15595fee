import { api } from './client';

/** The figures the home pages, the dashboard and the data screen share: one call each, the year optional (this year). */
export const cityStats = (year?: number) => api.get('/stats/city', { year });

export const workUnitStats = async (year?: number) => (await api.get('/stats/work-units', { year })).items;

/** Every community the caller oversees at a glance (a street its own, the city all; one page). */
export const communityStats = async (year?: number) => (await api.get('/stats/communities', { year })).items;
