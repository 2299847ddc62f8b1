import { describe, expect, it } from "vitest";
import { screenshot } from "../support/app";
import { connectedSpec } from "../support/spec";
import { byTestId, openTicket, showAllOpen, waitForRows } from "../support/ui";

describe("a draft", () => {
  const spec = connectedSpec("draft-kill");

  it("survives the app being killed and comes back when the ticket is opened", async () => {
    const ticket = spec.open[3]!;
    const text = "Half-written: the switch in rack 2 reboots when the UPS self-tests, and";
    await openTicket(spec.app, ticket);
    await byTestId(spec.app, "composer-note").setValue(text);
    await byTestId(spec.app, "draft-saved").waitForDisplayed({ timeout: 10_000 });
    await spec.home.kill(spec.app);

    spec.app = await spec.home.launch();
    await waitForRows(spec.app);
    await showAllOpen(spec.app);
    await openTicket(spec.app, ticket);
    const note = byTestId(spec.app, "composer-note");
    await spec.app.waitUntil(async () => (await note.getValue()) === text, {
      timeout: 15_000,
      timeoutMsg: "the draft did not come back after the restart",
    });
    const actions = await spec.sim.actions(ticket.id);
    expect(actions.some((x) => x.note === text)).toBe(false);
    await screenshot(spec.app, import.meta.url);
  });
});
