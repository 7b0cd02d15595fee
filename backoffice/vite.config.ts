import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vitest/config';

// The back office is served by the API at /admin (built into Api/backoffice-dist); `npm run dev` proxies the API on :5080.
export default defineConfig({
  base: '/admin/',
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  resolve: {
    alias: {
      '@contract': new URL('../miniprogram-contract/src', import.meta.url).pathname,
      '@': new URL('./src', import.meta.url).pathname,
    },
  },
  build: {
    outDir: '../Api/backoffice-dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/api': 'http://localhost:5080', '/jobs': 'http://localhost:5080' } },
  test: { environment: 'happy-dom', include: ['tests/**/*.test.ts'] },
});
