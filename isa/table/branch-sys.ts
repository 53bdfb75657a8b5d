import type { RowSpec } from '../types.ts';

export const BRANCH_SYS: readonly RowSpec[] = [];
