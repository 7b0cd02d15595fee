import type { components } from '@contract/api-types';

/** The API's schemas, generated from its OpenAPI document (miniprogram-contract). */
export type Schemas = components['schemas'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** 共 N 条: on the first page of the lists whose count is cheap. */
  total?: number | null;
}
