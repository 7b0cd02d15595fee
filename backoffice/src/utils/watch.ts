import type { Schemas } from '@/api/types';
import { categoryNames } from './format';

/**
 * The city's 泛化 watch: a community whose tasks of the year are mostly of one kind (at least five tasks, one kind
 * 60 % or more) may be turning volunteer service into routine chores.
 */
export function generalisation(byCategory: Record<string, number>): string | null {
  const entries = Object.entries(byCategory) as [Schemas['ServiceCategory'], number][];
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total < 5) {
    return null;
  }

  const [category, count] = entries.reduce((top, entry) => (entry[1] > top[1] ? entry : top));
  return count / total >= 0.6 ? `${categoryNames[category]}占 ${Math.round((count / total) * 100)}%` : null;
}
