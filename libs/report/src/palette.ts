import type { TaskStatus } from '@taskpod/core';

/** Series colours, distinct in hue and readable on white; they repeat past ten series. */
const SERIES = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626', '#4b5563', '#ea580c'];
export const seriesColor = (index: number): string => SERIES[index % SERIES.length]!;

export const STATUS_COLORS: Record<TaskStatus, string> = {
  done: '#16a34a',
  ready: '#2563eb',
  in_progress: '#d97706',
  review: '#7c3aed',
  failed: '#dc2626',
  blocked: '#b45309',
  backlog: '#6b7280',
  pending: '#9ca3af',
  cancelled: '#a8a29e',
};

export const statusLabel = (status: string): string => status.replace(/_/g, ' ');
