'use client';

import { useState } from 'react';
import { inputClass } from '@/components/ui/styles';
import { embedPath } from '@/lib/share/describe';
import type { ShareResource } from '@/lib/share/kinds';

const PANEL: Record<ShareResource, string> = { trace: 'agent chain', session: 'consistency panel', handoff: 'handoff diff', panel: 'chart' };
const HEIGHT: Record<ShareResource, number> = { trace: 360, session: 520, handoff: 640, panel: 320 };

/** The iframe for a wiki page: the panel with the link's token, a theme and a size. Framing is allowed to BATON_EMBED_ORIGINS only. */
export function EmbedSnippet({ resource, target, token }: { resource: ShareResource; target: string; token: string }) {
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  const [width, setWidth] = useState(800);
  const [height, setHeight] = useState(HEIGHT[resource]);
  const src = `${window.location.origin}${embedPath(resource, target)}?theme=${theme}&token=${token}`;
  const snippet = `<iframe src="${src}" width="${width}" height="${height}" style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>`;
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs text-zinc-600 dark:text-zinc-400">Embed the {PANEL[resource]} in a wiki page</legend>
      <div className="flex items-center gap-2">
        <select aria-label="Embed theme" className={inputClass} value={theme} onChange={(e) => setTheme(e.target.value as 'light' | 'dark')}>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
        <input aria-label="Embed width" type="number" min={200} max={4000} className={`${inputClass} w-20`} value={width} onChange={(e) => setWidth(Number(e.target.value) || 800)} />
        ×
        <input aria-label="Embed height" type="number" min={120} max={4000} className={`${inputClass} w-20`} value={height} onChange={(e) => setHeight(Number(e.target.value) || 400)} />
      </div>
      <textarea readOnly data-testid="embed-snippet" rows={4} className={`${inputClass} w-full font-mono text-xs`} value={snippet} onFocus={(e) => e.target.select()} />
    </fieldset>
  );
}
