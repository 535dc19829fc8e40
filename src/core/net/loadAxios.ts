import type { AxiosStatic } from 'axios';

let loading: Promise<AxiosStatic> | undefined;

/**
 * axios, loaded on first use. In dist/ builds `axios` resolves to the separate dist/axios.js
 * (see esbuild.config.mjs), so the extension's own bundle stays small and fast to load.
 */
export function loadAxios(): Promise<AxiosStatic> {
  loading ??= import('axios').then((mod) => {
    // Bundled, `import()` gives axios's namespace; required from dist/axios.js in node mode it is
    // wrapped once more ({ default: { default: axios } }). Unwrap to the function either way.
    let found: unknown = mod;
    while (typeof found !== 'function' && found !== null && typeof found === 'object' && 'default' in found) found = (found as { default: unknown }).default;
    if (typeof found !== 'function') throw new Error('the HTTP client (axios) could not be loaded');
    return found as AxiosStatic;
  });
  return loading;
}
