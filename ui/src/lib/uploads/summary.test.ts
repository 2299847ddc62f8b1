import { describe, expect, it } from "vitest";
import type { UploadItem } from "../bindings/UploadItem";
import { uploadItem } from "../../test/fixtures";
import { summarize, summaryText } from "./summary";

const row = (state: UploadItem["state"], sentBytes: number, sizeBytes: number) =>
  uploadItem({ state, sentBytes, sizeBytes });

describe("the upload summary", () => {
  it("counts the bytes of the files still to land, and nothing else", () => {
    const summary = summarize([
      row("sending", 300, 1000),
      row("queued", 0, 1000),
      row("done", 5000, 5000),
      row("failed", 0, 10),
    ]);
    expect(summary).toEqual({ pending: 2, percent: 15, failed: 1 });
    expect(summaryText(summary)).toBe("Uploading 2 files · 15%");
  });

  it("speaks of failures once nothing is pending, and is silent when all is well", () => {
    expect(summaryText(summarize([row("failed", 0, 1), row("done", 1, 1)]))).toBe(
      "1 upload failed",
    );
    expect(summaryText(summarize([row("done", 1, 1), row("cancelled", 0, 1)]))).toBeNull();
  });
});
