/** The mocked Rust side and teardown shared by the workflow dialogs and panels. */
import { clearMocks } from "@tauri-apps/api/mocks";
import { workflowChoices } from "../lib/workflow/choices.svelte";
import { outbox } from "../lib/workflow/outbox.svelte";
import { backend, type Backend, type Handler } from "./backend";
import { choices, outboxList } from "./fixtures";

/** The choices, an empty draft and an empty outbox, with `handlers` added or overriding. */
export function workflowBackend(handlers: Record<string, Handler>): Backend {
  return backend({
    workflow_choices: () => choices,
    draft_get: () => ({ draft: null }),
    draft_save: () => ({}),
    draft_clear: () => ({}),
    outbox_list: () => outboxList(),
    ...handlers,
  });
}

/** Forgets the cached choices, the outbox, the mocks and the page, after the component is unmounted. */
export function resetWorkflow(): void {
  workflowChoices.reset();
  outbox.stop();
  clearMocks();
  document.body.innerHTML = "";
}
