'use client';

import { X } from 'lucide-react';
import { Dialog } from 'radix-ui';
import { ShareButton } from '@/components/share/ShareButton';
import { useShareBase } from '@/components/share/share-context';
import type { Handoff } from '@/lib/schemas/handoffs';
import { HandoffDetailView } from './HandoffDetailView';

/**
 * The diff of the handoff named by `?handoff=`, over the trace page. Escape,
 * the close button or a click outside clears the parameter (onClose).
 */
export function HandoffDialog({ handoffId, handoff, onClose }: { handoffId: string | undefined; handoff?: Handoff; onClose: () => void }) {
  const shared = useShareBase() !== null;
  const title = handoff ? `Handoff ${handoff.fromAgent || 'unknown'} → ${handoff.toAgent || 'unknown'}` : 'Handoff';
  return (
    <Dialog.Root open={Boolean(handoffId)} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 backdrop-blur-[1px]" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-[4vh] z-50 flex max-h-[92vh] w-[min(1100px,96vw)] -translate-x-1/2 flex-col rounded-xl border border-zinc-200 bg-white shadow-2xl outline-none dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="flex items-center justify-between gap-3 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
            <Dialog.Title className="truncate font-semibold">{title}</Dialog.Title>
            {handoffId && !shared && (
              <div className="ml-auto">
                <ShareButton resource="handoff" target={handoffId} />
              </div>
            )}
            <Dialog.Close aria-label="Close handoff" className="rounded p-1 text-zinc-500 outline-none hover:bg-zinc-100 focus-visible:ring-2 focus-visible:ring-indigo-500 dark:hover:bg-zinc-800">
              <X aria-hidden className="h-4 w-4" />
            </Dialog.Close>
          </div>
          <div className="min-h-0 overflow-auto p-4">{handoffId && <HandoffDetailView handoffId={handoffId} />}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
