import { ref, watch } from 'vue';

/**
 * Which columns of a list are shown (列设置), remembered per list in this browser: an office hides what it does not
 * use (a unit's twelve months, say) and keeps the rest. `all` lists the columns that may be hidden, in order.
 */
export function useColumns(list: string, all: string[]) {
  const key = `zhuji.columns.${list}`;
  const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as string[] | null;
  const hidden = ref<string[]>((stored ?? []).filter((c) => all.includes(c)));
  watch(hidden, (value) => localStorage.setItem(key, JSON.stringify(value)), { deep: true });
  return {
    all,
    hidden,
    shown: (column: string) => !hidden.value.includes(column),
    reset: () => { hidden.value = []; },
  };
}
