'use client';

import { Check, Link2 } from 'lucide-react';
import { useState } from 'react';
import { freezeRange, isRelative } from '@/lib/time-range';
import { buttonClass } from './styles';

/**
 * Copies a link to exactly what is on screen: a relative time range
 * ("last 24 hours") is frozen to absolute times, so the link shows the same
 * data when opened next month (within retention).
 */
export function CopyLinkButton() {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    const url = new URL(window.location.href);
    const range = { from: url.searchParams.get('from') ?? 'now-24h', to: url.searchParams.get('to') ?? 'now' };
    if (isRelative(range)) {
      const frozen = freezeRange(range, Date.now());
      url.searchParams.set('from', frozen.from);
      url.searchParams.set('to', frozen.to);
    }
    try {
      await navigator.clipboard.writeText(url.toString());
      setCopied('yes');
    } catch {
      // No clipboard (insecure context, denied): show the link to copy by hand.
      window.prompt('Copy this link', url.toString());
      setCopied('failed');
    }
    setTimeout(() => setCopied(null), 2_000);
  };
  return (
    <button type="button" onClick={() => void copy()} className={buttonClass} title="Copy a link that shows this view with absolute times">
      {copied === 'yes' ? <Check aria-hidden className="h-4 w-4 text-emerald-600" /> : <Link2 aria-hidden className="h-4 w-4 text-zinc-500" />}
      <span aria-live="polite">{copied === 'yes' ? 'Copied' : 'Copy link'}</span>
    </button>
  );
}
