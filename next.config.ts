import type { NextConfig } from 'next';

const config: NextConfig = {
  // chDB is a native addon: it must be loaded by Node at run time, never bundled.
  serverExternalPackages: ['chdb', '@clickhouse/client'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Types are checked once, by `npm run typecheck` (part of `npm test`); a start-up build only compiles.
  typescript: { ignoreBuildErrors: true },
};

export default config;
