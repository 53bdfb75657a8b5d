import type { RowSpec } from '../types.ts';

export const SIMD: readonly RowSpec[] = [];
