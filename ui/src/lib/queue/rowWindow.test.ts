import { describe, expect, it } from "vitest";
import { rowWindow, scrollToReveal } from "./rowWindow";

describe("rowWindow", () => {
  it("renders the visible rows and the overscan around them, never past the ends", () => {
    expect(rowWindow(0, 380, 38, 10_000, 5)).toEqual({ start: 0, end: 15 });
    expect(rowWindow(38 * 100, 380, 38, 10_000, 5)).toEqual({ start: 95, end: 115 });
    expect(rowWindow(38 * 9_995, 380, 38, 10_000, 5)).toEqual({ start: 9_990, end: 10_000 });
    expect(rowWindow(0, 380, 38, 0, 5)).toEqual({ start: 0, end: 0 });
  });
});

describe("scrollToReveal", () => {
  it("scrolls just enough to show the row, and not at all when it shows", () => {
    expect(scrollToReveal(5, 0, 380, 38)).toBe(0);
    expect(scrollToReveal(12, 0, 380, 38)).toBe(13 * 38 - 380);
    expect(scrollToReveal(2, 200, 380, 38)).toBe(76);
  });
});
