/** What the status bar says about the upload queue, from its rows. */
import type { UploadItem } from "../bindings/UploadItem";

export interface UploadSummary {
  /** Files still to land. */
  pending: number;
  /** Of their bytes, how much has gone out (0–100). */
  percent: number;
  /** Files that stopped with an error and are still listed. */
  failed: number;
}

export function summarize(items: readonly UploadItem[]): UploadSummary {
  let pending = 0;
  let failed = 0;
  let sent = 0;
  let total = 0;
  for (const item of items) {
    if (item.state === "failed") failed++;
    if (item.state !== "queued" && item.state !== "sending" && item.state !== "checking") continue;
    pending++;
    sent += item.sentBytes;
    total += item.sizeBytes;
  }
  return { pending, percent: total > 0 ? Math.floor((sent / total) * 100) : 0, failed };
}

/** "Uploading 2 files · 45%", "1 upload failed", or nothing to say. */
export function summaryText(summary: UploadSummary): string | null {
  if (summary.pending > 0) {
    const files = summary.pending === 1 ? "1 file" : `${summary.pending} files`;
    return `Uploading ${files} · ${summary.percent}%`;
  }
  if (summary.failed > 0) {
    return summary.failed === 1 ? "1 upload failed" : `${summary.failed} uploads failed`;
  }
  return null;
}
