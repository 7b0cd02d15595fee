import { onBeforeUnmount, onMounted } from 'vue';

/** 等保: a back-office session left alone this long ends (the token itself lives a working day). */
export const IdleMinutes = 30;

/**
 * Ends the session after {@link IdleMinutes} without a key, a click or a scroll in this tab: `onIdle` logs out and
 * shows the login page with the reason. Checked every 30 s, and at once when the tab comes back into view.
 */
export function useIdleLogout(onIdle: () => void, minutes = IdleMinutes): void {
  let last = Date.now();
  const touch = () => {
    last = Date.now();
  };
  const check = () => {
    if (Date.now() - last > minutes * 60_000) {
      onIdle();
    }
  };
  const events = ['keydown', 'mousedown', 'wheel', 'touchstart'] as const;
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    document.addEventListener('visibilitychange', check);
    timer = setInterval(check, 30_000);
  });
  onBeforeUnmount(() => {
    events.forEach((e) => window.removeEventListener(e, touch));
    document.removeEventListener('visibilitychange', check);
    clearInterval(timer);
  });
}
