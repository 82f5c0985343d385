'use client';

import { Share2 } from 'lucide-react';
import { useState } from 'react';
import { buttonClass, inputClass, primaryButtonClass } from '@/components/ui/styles';
import { useMe } from '@/hooks/useMe';
import { useCreateShareLink } from '@/hooks/useShareLinks';
import { EmbedSnippet } from './EmbedSnippet';
import { PanelShareFields, panelTargetOf, type PanelChoice, type PanelSource } from './PanelShareFields';
import type { Redaction, ShareResource } from '@/lib/share/kinds';

const WHAT: Record<ShareResource, string> = { trace: 'this trace', session: 'this session and its traces', handoff: 'this handoff’s diff', panel: 'this chart' };

const EXPIRIES: { label: string; days: number | null; adminOnly?: boolean }[] = [
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
  { label: 'Never (admins)', days: null, adminOnly: true },
];

type ShareButtonProps = { resource: Exclude<ShareResource, 'panel'>; target: string } | { resource: 'panel'; panel: PanelSource };

/** Makes a share link to this trace, session, handoff or chart (editors and admins): what to hide, how long it lasts; the URL is shown once. */
export function ShareButton(props: ShareButtonProps) {
  const { resource } = props;
  const me = useMe();
  const create = useCreateShareLink();
  const [open, setOpen] = useState(false);
  const [redact, setRedact] = useState<Redaction>('none');
  const [expiry, setExpiry] = useState('90');
  const [panel, setPanel] = useState<PanelChoice>({ mode: 'frozen', project: '' });
  // A panel's target is made when the link is: a frozen range ends at that moment.
  const [made, setMade] = useState('');
  const editor = me.data && (me.data.access === 'open' || me.data.memberships.some((m) => m.role !== 'viewer'));
  if (!editor) return null;
  const url = create.data && new URL(create.data.url, window.location.origin).toString();
  return (
    <div className="relative">
      <button type="button" className={buttonClass} onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        <Share2 aria-hidden className="h-4 w-4 text-zinc-500" />
        Share
      </button>
      {open && (
        <form
          aria-label={`Share this ${resource}`}
          className="absolute right-0 z-30 mt-1 w-96 max-w-[90vw] space-y-2 rounded-md border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          onSubmit={(e) => {
            e.preventDefault();
            const target = props.resource === 'panel' ? panelTargetOf(props.panel, panel) : props.target;
            setMade(target);
            const project = props.resource === 'panel' && panel.project.trim() ? panel.project.trim() : undefined;
            create.mutate({ resource, target, project, redact, expiresInDays: expiry === 'never' ? null : Number(expiry) });
          }}
        >
          <p className="text-xs text-zinc-500">{`Anyone with the link sees ${WHAT[resource]}, and nothing else, without signing in.`}</p>
          {props.resource === 'panel' && me.data && <PanelShareFields source={props.panel} me={me.data} choice={panel} onChange={setPanel} />}
          {props.resource !== 'panel' && <RedactField value={redact} onChange={setRedact} />}
          <label className="block">
            <span className="mb-1 block text-xs text-zinc-600 dark:text-zinc-400">Expires after</span>
            <select className={`${inputClass} w-full`} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
              {EXPIRIES.map((x) => (
                <option key={x.label} value={x.days === null ? 'never' : String(x.days)}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className={primaryButtonClass} disabled={create.isPending}>
            Create link
          </button>
          {create.isError && <p role="alert" className="text-red-700 dark:text-red-400">{create.error.message}</p>}
          {url && create.data && (
            <>
              <label className="block">
                <span className="mb-1 block text-xs text-zinc-600 dark:text-zinc-400">The link (copy it now: it is not shown again)</span>
                <input readOnly data-testid="share-url" className={`${inputClass} w-full font-mono text-xs`} value={url} onFocus={(e) => e.target.select()} />
              </label>
              <EmbedSnippet resource={resource} target={made} token={create.data.url.slice(create.data.url.lastIndexOf('/') + 1)} />
            </>
          )}
        </form>
      )}
    </div>
  );
}

/** What a link hides: message contents, fact values (as digests), both. A chart holds neither. */
function RedactField({ value, onChange }: { value: Redaction; onChange: (r: Redaction) => void }) {
  return (
    <label className="block">
      <span className="mb-1 block text-xs text-zinc-600 dark:text-zinc-400">Hide</span>
      <select className={`${inputClass} w-full`} value={value} onChange={(e) => onChange(e.target.value as Redaction)}>
        <option value="none">Nothing</option>
        <option value="messages">Message contents</option>
        <option value="facts">Fact values (shown as digests)</option>
        <option value="both">Both</option>
      </select>
    </label>
  );
}
