'use client';

import { Pin, PinOff } from 'lucide-react';
import { buttonClass } from '@/components/ui/styles';
import { useMe } from '@/hooks/useMe';
import { usePinTrace, useRemovePins, useTracePins } from '@/hooks/usePins';

/**
 * Pins this trace past the retention period, or removes the pins made by
 * hand (editors and admins); everyone else sees whether it is pinned. A pin a
 * share link holds goes with the link (Settings, share links).
 */
export function PinTraceButton({ traceId }: { traceId: string }) {
  const me = useMe();
  const pins = useTracePins(traceId);
  const pin = usePinTrace();
  const unpin = useRemovePins();
  const list = pins.data?.pins ?? [];
  const pinned = list.length > 0;
  const manual = list.filter((p) => p.reason === 'manual').map((p) => p.id);
  const editor = me.data && (me.data.access === 'open' || me.data.memberships.some((m) => m.role !== 'viewer'));
  const title = pinned ? `Kept past the retention period: ${list.map((p) => (p.reason === 'manual' ? `pinned by ${p.pinnedBy}` : p.reason)).join('; ')}` : 'Keep this trace past the retention period';
  if (!pins.data) return null;
  if (!editor || (pinned && manual.length === 0)) {
    return pinned ? (
      <span className="inline-flex items-center gap-1 text-sm text-zinc-600 dark:text-zinc-400" title={title} data-testid="trace-pinned">
        <Pin aria-hidden className="h-4 w-4" />
        Pinned
      </span>
    ) : null;
  }
  const busy = pin.isPending || unpin.isPending;
  return (
    <button
      type="button"
      className={buttonClass}
      aria-pressed={pinned}
      title={title}
      disabled={busy}
      onClick={() => (pinned ? unpin.mutate(manual) : pin.mutate(traceId))}
    >
      {pinned ? <PinOff aria-hidden className="h-4 w-4 text-zinc-500" /> : <Pin aria-hidden className="h-4 w-4 text-zinc-500" />}
      {pinned ? 'Pinned' : 'Pin'}
    </button>
  );
}
