/**
 * The part of the mini-program's `wx` global this client uses, typed for `tsc --noEmit` outside WeChat's
 * developer tools (which ship the full typings as miniprogram-api-typings).
 */
declare namespace WechatMiniprogram {
  interface RequestSuccess {
    data: unknown;
    statusCode: number;
    header: Record<string, string>;
  }

  interface GeneralError {
    errMsg: string;
  }

  interface RequestOption {
    url: string;
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
    data?: unknown;
    header?: Record<string, string>;
    timeout?: number;
    success?: (result: RequestSuccess) => void;
    fail?: (error: GeneralError) => void;
  }

  interface LoginOption {
    timeout?: number;
    success?: (result: { code: string; errMsg: string }) => void;
    fail?: (error: GeneralError) => void;
  }

  interface ShowToastOption {
    title: string;
    icon?: 'success' | 'error' | 'loading' | 'none';
    duration?: number;
  }

  interface Wx {
    request(option: RequestOption): void;
    login(option: LoginOption): void;
    getStorageSync<T = unknown>(key: string): T | '';
    setStorageSync(key: string, data: unknown): void;
    removeStorageSync(key: string): void;
    showToast(option: ShowToastOption): void;
  }
}

declare const wx: WechatMiniprogram.Wx;
