'use client';

import { Pin, PinOff } from 'lucide-react';
import { buttonClass } from '@/components/ui/styles';
import { useMe } from '@/hooks/useMe';
import { usePin, useRemovePins, useTracePins } from '@/hooks/usePins';
import type { PinView } from '@/lib/schemas/pins';

const WHAT = { trace: 'this trace', session: 'this session and its traces' } as const;

/**
 * Pins this trace or session past the retention period (a session with its
 * traces and handoffs), or removes the pins made by hand (editors and
 * admins); everyone else sees whether it is pinned. A pin a share link holds
 * goes with the link (Settings, share links).
 */
export function PinButton({ resource, target }: { resource: PinView['resource']; target: string }) {
  const me = useMe();
  const pins = useTracePins(target);
  const pin = usePin(resource);
  const unpin = useRemovePins();
  const list = (pins.data?.pins ?? []).filter((p) => p.resource === resource);
  const pinned = list.length > 0;
  const manual = list.filter((p) => p.reason === 'manual').map((p) => p.id);
  const editor = me.data && (me.data.access === 'open' || me.data.memberships.some((m) => m.role !== 'viewer'));
  const title = pinned
    ? `Kept past the retention period: ${list.map((p) => (p.reason === 'manual' ? `pinned by ${p.pinnedBy}` : p.reason)).join('; ')}`
    : `Keep ${WHAT[resource]} past the retention period`;
  if (!pins.data) return null;
  if (!editor || (pinned && manual.length === 0)) {
    return pinned ? (
      <span className="inline-flex items-center gap-1 text-sm text-zinc-600 dark:text-zinc-400" title={title} data-testid={`${resource}-pinned`}>
        <Pin aria-hidden className="h-4 w-4" />
        Pinned
      </span>
    ) : null;
  }
  const busy = pin.isPending || unpin.isPending;
  return (
    <button type="button" className={buttonClass} aria-pressed={pinned} title={title} disabled={busy} onClick={() => (pinned ? unpin.mutate(manual) : pin.mutate(target))}>
      {pinned ? <PinOff aria-hidden className="h-4 w-4 text-zinc-500" /> : <Pin aria-hidden className="h-4 w-4 text-zinc-500" />}
      {pinned ? 'Pinned' : 'Pin'}
    </button>
  );
}
