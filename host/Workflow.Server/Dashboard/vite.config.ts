import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// Built into the server's wwwroot (served at /); `npm run dev` proxies the API to a server on :5080.
export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: "../wwwroot",
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: {
      // @microsoft/signalr's bundles carry /*#__PURE__*/ marks Rollup cannot place; harmless, and not ours to fix.
      onwarn(warning, warn) { if (warning.code !== "INVALID_ANNOTATION") warn(warning); },
    },
  },
  server: {
    proxy: {
      "/api": "http://localhost:5080",
      "/hubs": { target: "http://localhost:5080", ws: true },
      "/openapi": "http://localhost:5080",
    },
  },
});
