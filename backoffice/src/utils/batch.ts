import { ElMessage, ElMessageBox } from 'element-plus';
import { request, type RouteOf } from '@/api/client';
import type { Schemas } from '@/api/types';

/** Splits any selection into the API's batches of at most 100. */
export function chunks<T>(items: T[], size = 100): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }

  return result;
}

/** "已处理 3 条；1 条未处理：张三：不能审核本人的事项" — what a batch did, item by item. */
export function summarize(items: Schemas['BatchItemResult'][], names: Map<string, string>, verb: string): string {
  const failed = items.filter((i) => i.status === 'Failed');
  const done = items.length - failed.length;
  const lines = failed.map((i) => `${names.get(i.id) ?? i.id}：${i.title ?? i.code ?? '未处理'}`);
  return failed.length === 0 ? `已${verb} ${done} 条` : `已${verb} ${done} 条；${failed.length} 条未处理：\n${lines.join('\n')}`;
}

/**
 * Posts the selection in batches of 100. All done: a passing message says how many (nothing to dismiss); some refused:
 * a box lists each one with its reason, to be read before going on.
 */
export async function runBatch(
  path: Extract<RouteOf<'post'>, `${string}-batch`>, idsKey: string, ids: string[], extra: Record<string, unknown>, names: Map<string, string>, verb: string,
): Promise<Schemas['BatchItemResult'][]> {
  const all: Schemas['BatchItemResult'][] = [];
  for (const part of chunks(ids)) {
    const answer = await request<Schemas['BatchResponse']>('POST', path, { body: { [idsKey]: part, ...extra } });
    all.push(...answer.items);
  }

  const message = summarize(all, names, verb);
  if (all.some((i) => i.status === 'Failed')) {
    await ElMessageBox.alert(message, '部分未处理', { confirmButtonText: '知道了', type: 'warning', customStyle: { whiteSpace: 'pre-line' } });
  } else {
    ElMessage.success(message);
  }

  return all;
}
