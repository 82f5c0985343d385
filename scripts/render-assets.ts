/**
 * Renders the static images in public/ from app/icon.svg with Chromium
 * (the same one the browser tests drive): the social preview (og.png,
 * 1200×630) and the home-screen icons. Run it after changing the icon:
 *
 *   node --import tsx scripts/render-assets.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '@/tests/helpers/browser';

const ROOT = path.resolve(import.meta.dirname, '..');
const icon = readFileSync(path.join(ROOT, 'app', 'icon.svg'), 'utf8');
const iconUrl = `data:image/svg+xml;base64,${Buffer.from(icon).toString('base64')}`;

const square = (size: number) => `<body style="margin:0;background:#0b0b12"><img src="${iconUrl}" width="${size}" height="${size}" style="display:block"></body>`;

const preview = `<body style="margin:0;width:1200px;height:630px;background:#0b0b12;color:#f4f4f5;font-family:system-ui,sans-serif;display:flex;align-items:center;gap:56px;padding:0 96px;box-sizing:border-box">
  <img src="${iconUrl}" width="200" height="200">
  <div>
    <div style="font-size:96px;font-weight:700;letter-spacing:-2px">Baton</div>
    <div style="font-size:34px;color:#a1a1aa;margin-top:12px;line-height:1.35;max-width:720px">Handoffs, context drift and session consistency for multi-agent AI systems</div>
  </div>
</body>`;

const ASSETS = [
  { file: 'og.png', html: preview, width: 1200, height: 630 },
  { file: 'apple-touch-icon.png', html: square(180), width: 180, height: 180 },
  { file: 'icon-512.png', html: square(512), width: 512, height: 512 },
];

const browser = await launchBrowser();
try {
  for (const a of ASSETS) {
    const page = await browser.newPage({ viewport: { width: a.width, height: a.height } });
    await page.setContent(a.html);
    await page.screenshot({ path: path.join(ROOT, 'public', a.file) });
    await page.close();
    console.log(`public/${a.file} (${a.width}×${a.height})`);
  }
} finally {
  await browser.close();
}
