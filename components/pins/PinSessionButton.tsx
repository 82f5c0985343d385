'use client';

import { Pin, PinOff } from 'lucide-react';
import { buttonClass } from '@/components/ui/styles';
import { useMe } from '@/hooks/useMe';
import { usePin, useRemovePins, useTracePins } from '@/hooks/usePins';

/**
 * Pins this session (its page, its traces and handoffs) past the retention
 * period, or removes the pins made by hand (editors and admins); everyone
 * else sees whether it is pinned. A pin a share link holds goes with the link
 * (Settings, share links). The trace page's button is PinTraceButton.
 */
export function PinSessionButton({ sessionId }: { sessionId: string }) {
  const me = useMe();
  const pins = useTracePins(sessionId);
  const pin = usePin('session');
  const unpin = useRemovePins();
  const list = (pins.data?.pins ?? []).filter((p) => p.resource === 'session');
  const pinned = list.length > 0;
  const manual = list.filter((p) => p.reason === 'manual').map((p) => p.id);
  const editor = me.data && (me.data.access === 'open' || me.data.memberships.some((m) => m.role !== 'viewer'));
  const title = pinned
    ? `Kept past the retention period with its traces: ${list.map((p) => (p.reason === 'manual' ? `pinned by ${p.pinnedBy}` : p.reason)).join('; ')}`
    : 'Keep this session and its traces past the retention period';
  if (!pins.data) return null;
  if (!editor || (pinned && manual.length === 0)) {
    return pinned ? (
      <span className="inline-flex items-center gap-1 text-sm text-zinc-600 dark:text-zinc-400" title={title} data-testid="session-pinned">
        <Pin aria-hidden className="h-4 w-4" />
        Pinned
      </span>
    ) : null;
  }
  const busy = pin.isPending || unpin.isPending;
  return (
    <button type="button" className={buttonClass} aria-pressed={pinned} title={title} disabled={busy} onClick={() => (pinned ? unpin.mutate(manual) : pin.mutate(sessionId))}>
      {pinned ? <PinOff aria-hidden className="h-4 w-4 text-zinc-500" /> : <Pin aria-hidden className="h-4 w-4 text-zinc-500" />}
      {pinned ? 'Pinned' : 'Pin'}
    </button>
  );
}
