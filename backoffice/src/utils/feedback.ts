import { ElMessage, ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { ApiError } from '@/api/client';

/** The API's zh-CN reason (or a plain one), as a message at the top of the page. */
export function showError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    return;
  }

  ElMessage.error({ message: error instanceof ApiError ? error.detail : '操作失败，请稍后重试', duration: 5000, showClose: true });
}

/** A plain word to the user (a missing field, a choice to make first). */
export function showWarning(message: string): void {
  ElMessage.warning({ message, duration: 4000, showClose: true });
}

export function showDone(message: string): void {
  ElMessage.success({ message, duration: 2500 });
}

/** Asks before an action that cannot be undone; false when the user thinks better of it. */
export async function confirmAction(message: string, title = '请确认', confirmButtonText = '确定'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText, cancelButtonText: '取消', type: 'warning' });
    return true;
  } catch {
    return false;
  }
}

/** Asks for a reason (rejecting, declining, cancelling); null when cancelled. */
export async function askReason(title: string, placeholder = '请填写原因', initial = ''): Promise<string | null> {
  try {
    const { value } = await ElMessageBox.prompt(placeholder, title, {
      confirmButtonText: '确定',
      cancelButtonText: '取消',
      inputValue: initial,
      inputValidator: (v: string) => (v.trim().length > 0 && v.trim().length <= 200 ? true : '请填写 1–200 个字'),
    });
    return value.trim();
  } catch {
    return null;
  }
}

/** Runs an action, shows the API's reason if it fails; true when it succeeded. */
export async function attempt(action: () => Promise<unknown>, done?: string): Promise<boolean> {
  try {
    await action();
    if (done) {
      showDone(done);
    }

    return true;
  } catch (e) {
    showError(e);
    return false;
  }
}
