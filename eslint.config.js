import js from "@eslint/js";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import ts from "typescript-eslint";
import svelteConfig from "./ui/svelte.config.js";

export default ts.config(
  {
    ignores: ["ui/dist/", "ui/src/lib/bindings/", "target/", "src-tauri/", "node_modules/"],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: {
        parser: ts.parser,
        extraFileExtensions: [".svelte"],
        svelteConfig,
      },
    },
  },
  {
    rules: {
      // Bindings and IPC are typed end to end; `any` would undo that.
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["ui/src/**"],
    ignores: ["ui/src/lib/ipc.ts"],
    rules: {
      // One module talks to Rust, so every command and event stays typed by the bindings.
      "no-restricted-imports": [
        "error",
        ...["@tauri-apps/api", "@tauri-apps/api/core", "@tauri-apps/api/event"].map((name) => ({
          name,
          message: "Call commands and listen to events through lib/ipc.ts.",
        })),
      ],
    },
  },
);
