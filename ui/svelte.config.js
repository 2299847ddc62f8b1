/** @type {import("@sveltejs/vite-plugin-svelte").SvelteConfig} */
export default {
  compilerOptions: {
    // Runes everywhere: no legacy reactivity slips into new components.
    runes: true,
  },
};
