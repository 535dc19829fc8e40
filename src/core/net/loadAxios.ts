import type { AxiosStatic } from 'axios';

let loading: Promise<AxiosStatic> | undefined;

/**
 * axios, loaded on first use. In dist/ builds `axios` resolves to the separate dist/axios.js
 * (see esbuild.config.mjs), so the extension's own bundle stays small and fast to load.
 */
export function loadAxios(): Promise<AxiosStatic> {
  loading ??= import('axios').then((mod) => (mod as unknown as { default: AxiosStatic }).default ?? (mod as unknown as AxiosStatic));
  return loading;
}
