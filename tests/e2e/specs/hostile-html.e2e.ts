import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { required, screenshot } from "../support/app";
import type { SimTicket } from "../support/sim";
import { connectedSpec } from "../support/spec";
import { byTestId, search } from "../support/ui";

const SAFE_LINK = "https://example.com/halodesk-e2e/runbook?step=2";

/** Every way a ticket body has tried to run script in the app's window, and a harmless link. */
const HOSTILE_DETAILS = [
  "<p>Please look at this.</p>",
  "<script>window.top.__halodeskPwned=1</script>",
  '<img src=x onerror="window.top.__halodeskPwned=2">',
  '<a href="javascript:window.top.__halodeskPwned=3">x</a>',
  '<svg onload="window.top.__halodeskPwned=4"></svg>',
  `<p>The runbook: <a href="${SAFE_LINK}">open the runbook</a></p>`,
].join("");

describe("a ticket whose body is hostile HTML", () => {
  const spec = connectedSpec("hostile-html");
  let ticket: SimTicket;

  beforeAll(async () => {
    // Created behind the app's back, as a customer's email would be.
    const [someTicket] = spec.open;
    ticket = await spec.sim.post<SimTicket>("Tickets", [
      {
        summary: `Hostile body ${randomBytes(4).toString("hex")}`,
        details_html: HOSTILE_DETAILS,
        client_id: someTicket!.client_id,
      },
    ]);
  });

  it("shows the body without running any of it", async () => {
    // Disabled while a sync runs: wait for the first one to end.
    await byTestId(spec.app, "queue-refresh").waitForEnabled({ timeout: 30_000 });
    await byTestId(spec.app, "queue-refresh").click();
    await search(spec.app, ticket.summary);
    const row = byTestId(spec.app, "queue-row", `[data-ticket-id="${ticket.id}"]`);
    await row.waitForDisplayed({ timeout: 30_000 });
    await row.click();
    const frame = byTestId(spec.app, "ticket-details");
    await frame.waitForExist({ timeout: 15_000 });
    await spec.app.waitUntil(
      async () => ((await frame.getAttribute("srcdoc")) ?? "").includes("runbook"),
      {
        timeoutMsg: "the details frame never held the ticket's body",
      },
    );
    // Time for anything that would run to have run.
    await spec.app.pause(1_000);

    // WebDriver hands `undefined` back as null: ask for its type instead.
    const pwned = await spec.app.execute(
      () => typeof (window as unknown as { __halodeskPwned?: unknown }).__halodeskPwned,
    );
    expect(pwned).toBe("undefined");

    // What the frame was given: parsed the way the frame parses it.
    const given = await spec.app.execute(() => {
      const iframe = document.querySelector<HTMLIFrameElement>('[data-testid="ticket-details"]');
      const doc = new DOMParser().parseFromString(iframe?.srcdoc ?? "", "text/html");
      const all = Array.from(doc.querySelectorAll("*"));
      return {
        sandbox: iframe?.getAttribute("sandbox") ?? null,
        scripts: doc.querySelectorAll("script").length,
        handlers: all.flatMap((el) =>
          Array.from(el.attributes)
            .filter((a) => a.name.startsWith("on"))
            .map((a) => `${el.localName} ${a.name}`),
        ),
        scriptUrls: all.filter((el) =>
          Array.from(el.attributes).some((a) => /^\s*javascript:/i.test(a.value)),
        ).length,
      };
    });
    expect(given.sandbox).not.toBeNull();
    expect(given.sandbox).not.toContain("allow-scripts");
    expect(given.scripts).toBe(0);
    expect(given.handlers).toEqual([]);
    expect(given.scriptUrls).toBe(0);

    // And what the frame's document holds (same-origin, so the window can look inside).
    const inFrame = await spec.app.execute(() => {
      const iframe = document.querySelector<HTMLIFrameElement>('[data-testid="ticket-details"]');
      const doc = iframe?.contentDocument;
      if (!doc) return null;
      return {
        scripts: doc.querySelectorAll("script").length,
        links: Array.from(doc.querySelectorAll("a")).map((a) => a.getAttribute("href")),
        text: doc.body?.textContent ?? "",
      };
    });
    expect(inFrame).not.toBeNull();
    expect(inFrame!.scripts).toBe(0);
    expect(inFrame!.text).toContain("open the runbook");
    expect(inFrame!.links.filter((href) => /^\s*javascript:/i.test(href ?? ""))).toEqual([]);
    await screenshot(spec.app, import.meta.url);
  });

  it("asks before opening a link from the body, and opens nothing when cancelled", async () => {
    await spec.app.switchToFrame(await byTestId(spec.app, "ticket-details"));
    // By its text: the sanitiser may rewrite the link's attributes, never its words.
    await spec.app.$("=open the runbook").click();
    await spec.app.switchToParentFrame();

    await byTestId(spec.app, "link-confirm").waitForDisplayed({ timeout: 10_000 });
    await expect(byTestId(spec.app, "link-confirm-url").getText()).resolves.toContain(SAFE_LINK);
    await screenshot(spec.app, import.meta.url, "link-confirm");
    await byTestId(spec.app, "link-confirm-cancel").click();
    await byTestId(spec.app, "link-confirm").waitForDisplayed({ reverse: true });

    const opened = await readFile(required("HALODESK_E2E_OPENED_LOG"), "utf8");
    expect(opened).not.toContain(SAFE_LINK);
    // WebDriver hands `undefined` back as null: ask for its type instead.
    const pwned = await spec.app.execute(
      () => typeof (window as unknown as { __halodeskPwned?: unknown }).__halodeskPwned,
    );
    expect(pwned).toBe("undefined");
  });
});
