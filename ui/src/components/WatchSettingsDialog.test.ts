import { clearMocks } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WatchSettings } from "../lib/bindings/WatchSettings";
import { emptyFilter } from "../lib/queue/filter";
import { watch } from "../lib/watch/watch.svelte";
import { backend } from "../test/backend";
import { allByTestId, byTestId, click, findByTestId, type } from "../test/dom";
import { lookups, minutesFromNow } from "../test/fixtures";
import WatchSettingsDialog from "./WatchSettingsDialog.svelte";

let dialog: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (dialog) unmount(dialog);
  dialog = undefined;
  watch.stop();
  clearMocks();
  document.body.innerHTML = "";
});

const settings: WatchSettings = {
  enabled: true,
  scope: { kind: "mine" },
  atRiskMinutes: 60,
  atRiskPercent: null,
  quietHours: null,
  mutedPriorityIds: [3],
  closeToTray: true,
};

function start(more: Parameters<typeof backend>[0] = {}) {
  const rust = backend({
    watch_settings: () => settings,
    watch_settings_save: (request) => request.settings,
    watch_status: () => ({
      watched: 3,
      atRisk: 0,
      breached: 0,
      pausedUntil: null,
      snoozed: [],
      checkedAt: minutesFromNow(0),
    }),
    ...more,
  });
  const onclose = vi.fn();
  dialog = mount(WatchSettingsDialog, {
    target: document.body,
    props: {
      priorities: lookups.priorities,
      savedFilters: [{ id: 5, name: "Acme printers", filter: emptyFilter() }],
      onclose,
    },
  });
  flushSync();
  return { rust, onclose };
}

function choose(testid: string, value: string) {
  const select = byTestId<HTMLSelectElement>(testid)!;
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  flushSync();
}

describe("WatchSettingsDialog", () => {
  it("shows the settings on record and saves what was changed", async () => {
    const { rust, onclose } = start();
    await findByTestId("watch-at-risk-minutes");
    expect(byTestId<HTMLInputElement>("watch-at-risk-minutes")?.value).toBe("60");
    const muted = allByTestId("watch-muted-priority") as HTMLInputElement[];
    expect(muted.map((box) => [box.dataset.priorityId, box.checked])).toEqual([
      ["1", false],
      ["2", false],
      ["3", true],
    ]);
    expect(byTestId<HTMLInputElement>("watch-quiet-start")?.disabled).toBe(true);

    choose("watch-scope", "filter:5");
    type("watch-at-risk-minutes", "90");
    type("watch-at-risk-percent", "75");
    click(byTestId("watch-quiet-enabled"));
    type("watch-quiet-start", "21:30");
    click(byTestId("watch-muted-priority", '[data-priority-id="1"]'));
    click(byTestId("watch-muted-priority", '[data-priority-id="3"]'));
    click(byTestId("watch-close-to-tray"));
    click(byTestId("watch-save"));

    await vi.waitFor(() => expect(onclose).toHaveBeenCalledOnce());
    expect(rust.requests("watch_settings_save")).toEqual([
      {
        settings: {
          enabled: true,
          scope: { kind: "savedFilter", id: 5 },
          atRiskMinutes: 90,
          atRiskPercent: 75,
          quietHours: { start: "21:30", end: "07:00" },
          mutedPriorityIds: [1],
          closeToTray: false,
        },
      },
    ]);
  });

  it("shows an error for minutes out of range and sends nothing", async () => {
    const { rust, onclose } = start();
    await findByTestId("watch-at-risk-minutes");

    type("watch-at-risk-minutes", "0");
    click(byTestId("watch-save"));
    const error = await findByTestId("watch-error");
    expect(error.dataset.field).toBe("atRiskMinutes");
    expect(error.textContent).toContain("1 to 1440");
    const input = byTestId("watch-at-risk-minutes")!;
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toBe(error.id);

    type("watch-at-risk-minutes", "1441");
    click(byTestId("watch-save"));
    await findByTestId("watch-error");
    expect(rust.requests("watch_settings_save")).toEqual([]);
    expect(onclose).not.toHaveBeenCalled();
  });

  it("says why Rust refused the settings, and stays open", async () => {
    const { onclose } = start({
      watch_settings_save: () => {
        throw { code: "invalid", message: "The settings could not be stored." };
      },
    });
    await findByTestId("watch-at-risk-minutes");
    click(byTestId("watch-save"));
    const error = await findByTestId("watch-error");
    expect(error.textContent).toBe("The settings could not be stored.");
    expect(onclose).not.toHaveBeenCalled();
  });
});
