import type { RowSpec } from '../types.ts';

export const DP_REG: readonly RowSpec[] = [];
