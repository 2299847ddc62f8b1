import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["tests/e2e/specs/**/*.e2e.ts"],
    // One real window at a time: specs share the display and the WebDriver server.
    fileParallelism: false,
    // A step may wait a minute for the app (a sync, a retry giving up): room for two.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
