import type { RowSpec } from '../types.ts';

export const LDST: readonly RowSpec[] = [];
