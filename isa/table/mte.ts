import type { RowSpec } from '../types.ts';

export const MTE: readonly RowSpec[] = [];
