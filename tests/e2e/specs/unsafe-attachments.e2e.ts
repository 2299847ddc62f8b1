import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { screenshot } from "../support/app";
import { connectedSpec } from "../support/spec";
import { byTestId, openTicket } from "../support/ui";

/** What a customer's "invoice" really is: a Windows program, named to read as a PDF. */
const PROGRAM = Buffer.from("MZ\x90\x00 a customer's program, not an invoice");
const SENT_NAME = "invoice\u202Efdp.exe";
const SHOWN_NAME = "invoicefdp.exe";

/** Every file under `dir`, at any depth; none when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe("an attachment that runs code", () => {
  const spec = connectedSpec("unsafe-attachments");

  it("is listed as what it is, refused on Open with the reason, and saved", async () => {
    const ticket = spec.open[0]!;
    await spec.sim.post("Attachment", [
      {
        ticket_id: ticket.id,
        filename: SENT_NAME,
        data_base64: PROGRAM.toString("base64"),
      },
    ]);
    await openTicket(spec.app, ticket);

    const item = byTestId(spec.app, "attachment-item", `[data-filename="${SHOWN_NAME}"]`);
    await item.waitForDisplayed({ timeout: 30_000 });
    await item.scrollIntoView({ block: "center" });
    await screenshot(spec.app, import.meta.url, "listed");
    // textContent: WebKit's driver leaves the text of a clipped (overflow: hidden) span out.
    expect(await item.$(".name").getProperty("textContent")).toBe(SHOWN_NAME);
    const open = item.$('[data-testid="attachment-open"]');
    expect(await open.getAttribute("aria-disabled")).toBe("true");
    expect(await open.getAttribute("title")).toContain("it is a program");

    await open.click();
    const alert = item.$('[role="alert"]');
    await alert.waitForDisplayed({ timeout: 15_000 });
    expect(await alert.getText()).toContain(`Halodesk does not open ${SHOWN_NAME}`);
    expect(await alert.getText()).toContain("it is a program");
    await screenshot(spec.app, import.meta.url, "refused");
    expect(await filesUnder(join(spec.home.dataDir, "opened-attachments"))).toEqual([]);

    await item.$('[data-testid="attachment-save"]').click();
    const saved = item.$('[data-testid="attachment-saved"]');
    await saved.waitForDisplayed({ timeout: 30_000 });
    const path = String(await saved.getAttribute("title"));
    try {
      expect(path).toMatch(/invoicefdp( \(\d+\))?\.exe$/);
      expect(await readFile(path)).toEqual(PROGRAM);
      await screenshot(spec.app, import.meta.url, "saved");
    } finally {
      // Saved in the machine's real Downloads folder: not left behind.
      await rm(path, { force: true });
    }
  });
});
