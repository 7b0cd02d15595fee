import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { IdleMinutes, useIdleLogout } from '@/composables/useIdleLogout';

function page(onIdle: () => void) {
  return mount(defineComponent({ setup: () => { useIdleLogout(onIdle); return () => h('div'); } }), { attachTo: document.body });
}

describe('the idle logout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ends a session left alone for its minutes, and not one in use', () => {
    const idle = vi.fn();
    const wrapper = page(idle);
    vi.advanceTimersByTime((IdleMinutes - 1) * 60_000);
    window.dispatchEvent(new KeyboardEvent('keydown'));
    vi.advanceTimersByTime((IdleMinutes - 1) * 60_000);
    expect(idle).not.toHaveBeenCalled();

    vi.advanceTimersByTime(2 * 60_000);
    expect(idle).toHaveBeenCalled();
    wrapper.unmount();
  });

  it('stops watching when the page goes', () => {
    const idle = vi.fn();
    page(idle).unmount();
    vi.advanceTimersByTime((IdleMinutes + 5) * 60_000);
    expect(idle).not.toHaveBeenCalled();
  });
});
