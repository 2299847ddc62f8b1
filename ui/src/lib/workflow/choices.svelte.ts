/**
 * The picklists the ticket forms choose from (statuses, priorities, types, teams, agents),
 * read once per profile. Rust answers from its cache when HaloPSA cannot be reached.
 */
import type { WorkflowChoices } from "../bindings/WorkflowChoices";
import { call } from "../ipc";
import { failureText } from "./trouble";

class ChoicesStore {
  current = $state.raw<WorkflowChoices | null>(null);
  error = $state<string | null>(null);
  #loading: Promise<void> | null = null;
  /** Bumped per profile: an answer for the last one is dropped. */
  #generation = 0;

  /** Reads them unless this profile has; every form calls it when it opens. */
  ensure(): Promise<void> {
    this.#loading ??= this.#load(this.#generation);
    return this.#loading;
  }

  reset(): void {
    this.#generation++;
    this.#loading = null;
    this.current = null;
    this.error = null;
  }

  async #load(generation: number): Promise<void> {
    try {
      const choices = await call("workflow_choices", {});
      if (generation !== this.#generation) return;
      this.current = choices;
      this.error = null;
    } catch (failure) {
      if (generation !== this.#generation) return;
      this.error = failureText(failure);
      // The next form to open tries again.
      this.#loading = null;
    }
  }
}

export const workflowChoices = new ChoicesStore();
