import { ref, shallowRef } from 'vue';
import { ApiError } from '@/api/client';
import type { Page } from '@/api/types';
import { showError } from '@/utils/feedback';

/**
 * A cursor-paged list (the API's `{items, nextCursor}`): the current page, forward and back, a reload that keeps
 * the page. The first page comes as soon as the fetcher answers; nothing counts all rows first.
 */
export function usePaged<T>(fetch: (cursor: string | undefined, limit: number) => Promise<Page<T>>, limit = 20) {
  const items = shallowRef<T[]>([]);
  // Loading from the start: the table shows its spinner, not "nothing here", until the first page answers.
  const loading = ref(true);
  const cursors = ref<(string | undefined)[]>([undefined]);
  const next = ref<string | null>(null);
  const error = ref<ApiError | null>(null);
  // 共 N 条, when the list gives it on its first page (kept while paging on; a new search asks again).
  const total = ref<number | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const page = await fetch(cursors.value[cursors.value.length - 1], limit);
      items.value = page.items;
      next.value = page.nextCursor;
      if (cursors.value.length === 1) total.value = page.total ?? null;
    } catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(0, 'unknown', '加载失败');
      items.value = [];
      showError(e);
    } finally {
      loading.value = false;
    }
  }

  return {
    items,
    loading,
    error,
    total,
    limit,
    get page() {
      return cursors.value.length;
    },
    hasNext: () => next.value !== null,
    hasPrev: () => cursors.value.length > 1,
    async forward() {
      if (next.value !== null) {
        cursors.value = [...cursors.value, next.value];
        await load();
      }
    },
    async back() {
      if (cursors.value.length > 1) {
        cursors.value = cursors.value.slice(0, -1);
        await load();
      }
    },
    /** From the first page (new filters). */
    async reset() {
      cursors.value = [undefined];
      await load();
    },
    /** The same page again (after a change). */
    reload: load,
  };
}

/** Every page of a cursor-paged list (at most `cap` rows): a paper that must hold all rows, a count of all of them. */
export async function allPages<T>(fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>, cap = 5000): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && all.length < cap);
  return all;
}
