/** The workflow state of one profile: it starts fresh with each, so nothing carries over. */
import { drops } from "../uploads/drops.svelte";
import { uploads } from "../uploads/uploads.svelte";
import { watch } from "../watch/watch.svelte";
import { workflowChoices } from "./choices.svelte";
import { outbox } from "./outbox.svelte";
import { timers } from "./timers.svelte";

export function startWorkflow(profileId: number): void {
  stopWorkflow();
  void workflowChoices.ensure();
  outbox.start(profileId);
  void timers.load();
  watch.start();
  uploads.start(profileId);
  drops.start();
}

export function stopWorkflow(): void {
  workflowChoices.reset();
  outbox.stop();
  timers.reset();
  watch.stop();
  uploads.stop();
  drops.stop();
}
