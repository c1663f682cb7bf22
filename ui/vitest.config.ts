// Unit tests: Svelte components in jsdom with the Tauri IPC mocked (mockIPC). The 'browser'
// condition makes Svelte resolve its client build rather than the server one.
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

export default mergeConfig(
  viteConfig,
  defineConfig({
    resolve: { conditions: ['browser'] },
    test: {
      environment: 'jsdom',
      include: ['tests/**/*.test.ts'],
      setupFiles: ['tests/setup.ts'],
      restoreMocks: true,
      // A component test renders and waits on a scripted backend; 5 s (the default) is too
      // short when the machine is also compiling, and a slow pass is not a failure.
      testTimeout: 20_000,
    },
  }),
);
