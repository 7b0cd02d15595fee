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

  interface ScanCodeOption {
    onlyFromCamera?: boolean;
    scanType?: Array<'qrCode' | 'barCode'>;
    success?: (result: { result: string; scanType: string }) => void;
    fail?: (error: GeneralError) => void;
  }

  interface GetLocationOption {
    type?: 'wgs84' | 'gcj02';
    success?: (result: { latitude: number; longitude: number; accuracy: number }) => void;
    fail?: (error: GeneralError) => void;
  }

  interface UploadFileOption {
    url: string;
    filePath: string;
    name: string;
    header?: Record<string, string>;
    success?: (result: { data: string; statusCode: number }) => void;
    fail?: (error: GeneralError) => void;
  }

  interface DownloadFileOption {
    url: string;
    header?: Record<string, string>;
    success?: (result: { tempFilePath: string; statusCode: number }) => void;
    fail?: (error: GeneralError) => void;
  }

  interface OpenDocumentOption {
    filePath: string;
    fileType?: 'pdf' | 'doc' | 'docx' | 'xls' | 'xlsx';
    showMenu?: boolean;
    success?: () => void;
    fail?: (error: GeneralError) => void;
  }

  interface ShowModalOption {
    title: string;
    content: string;
    confirmText?: string;
    cancelText?: string;
    success?: (result: { confirm: boolean; cancel: boolean }) => void;
    fail?: (error: GeneralError) => void;
  }

  interface Wx {
    request(option: RequestOption): void;
    scanCode(option: ScanCodeOption): void;
    getLocation(option: GetLocationOption): void;
    uploadFile(option: UploadFileOption): void;
    downloadFile(option: DownloadFileOption): void;
    openDocument(option: OpenDocumentOption): void;
    login(option: LoginOption): void;
    getStorageSync<T = unknown>(key: string): T | '';
    setStorageSync(key: string, data: unknown): void;
    removeStorageSync(key: string): void;
    showToast(option: ShowToastOption): void;
    showModal(option: ShowModalOption): void;
  }
}

declare const wx: WechatMiniprogram.Wx;
