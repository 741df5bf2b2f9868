/** Injected at build time (electron-vite and vitest `define`) from package.json. */
declare const __APP_VERSION__: string;
