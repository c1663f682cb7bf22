// Vite for the Tauri webview: dev server on the port tauri.conf.json's devUrl names, build
// into ui/dist (frontendDist). Nothing is fetched from the network at run time (see the CSP).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    host: '127.0.0.1',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Tauri embeds the files; a source map is no use to anyone in the shipped app.
    sourcemap: false,
  },
});
