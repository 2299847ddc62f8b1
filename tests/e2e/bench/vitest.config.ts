import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** The webview benchmark: one file, run as a test so it shares the specs' support code. */
export default defineConfig({
  root: fileURLToPath(new URL("../../..", import.meta.url)),
  test: {
    include: ["tests/e2e/bench/**/*.bench.ts"],
    fileParallelism: false,
    // The figures go straight to the terminal, in order, as they are measured.
    disableConsoleIntercept: true,
    testTimeout: 30 * 60_000,
    hookTimeout: 10 * 60_000,
  },
});
