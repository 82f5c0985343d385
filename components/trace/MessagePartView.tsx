'use client';

import { useState } from 'react';
import type { z } from 'zod';
import type { messagePartSchema } from '@/lib/schemas/messages';

export type MessagePart = z.infer<typeof messagePartSchema>;

const LONG = 700;

/** Text that folds past a few hundred characters; always plain text. */
export function CollapsibleText({ text, mono = false }: { text: string; mono?: boolean }) {
  const [open, setOpen] = useState(false);
  const long = text.length > LONG || text.split('\n').length > 14;
  return (
    <div>
      <p className={`${mono ? 'font-mono text-xs' : 'text-sm'} whitespace-pre-wrap break-words leading-5 ${long && !open ? 'line-clamp-[10]' : ''}`}>{text}</p>
      {long && (
        <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} className="mt-1 text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          {open ? 'Show less' : `Show all (${text.length.toLocaleString('en-US')} characters)`}
        </button>
      )}
    </div>
  );
}

const json = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v, null, 2) ?? String(v)));

/** One part of a message: text, a tool call with its arguments, a tool result, reasoning, media, or what could not be read. */
export function MessagePartView({ part }: { part: MessagePart }) {
  switch (part.type) {
    case 'text':
      return <CollapsibleText text={part.content} />;
    case 'reasoning':
      return (
        <div className="border-l-2 border-zinc-300 pl-2 italic text-zinc-600 dark:border-zinc-600 dark:text-zinc-400">
          <p className="text-[11px] font-medium not-italic uppercase tracking-wide">Reasoning</p>
          <CollapsibleText text={part.content} />
        </div>
      );
    case 'tool_call':
      return (
        <div>
          <p className="text-xs">
            <span className="font-medium">Tool call</span> <span className="font-mono">{part.name}</span>
            {part.id && <span className="ml-1 font-mono text-zinc-400">{part.id}</span>}
          </p>
          {part.arguments === undefined ? (
            <p className="text-xs italic text-zinc-500">Arguments redacted or not recorded.</p>
          ) : (
            <CollapsibleText text={json(part.arguments)} mono />
          )}
        </div>
      );
    case 'tool_result':
      return (
        <div>
          <p className="text-xs">
            <span className="font-medium">Tool result</span> {part.name && <span className="font-mono">{part.name}</span>}
            {part.id && <span className="ml-1 font-mono text-zinc-400">{part.id}</span>}
          </p>
          <CollapsibleText text={json(part.result)} mono />
        </div>
      );
    case 'media':
      return (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Media{part.modality ? ` (${part.modality})` : ''}
          {part.mimeType ? `, ${part.mimeType}` : ''}
          {part.uri ? <span className="ml-1 break-all font-mono">{part.uri}</span> : ''} — not displayed.
        </p>
      );
    case 'unknown':
      return (
        <p className="text-xs italic text-zinc-500">
          {part.reason === 'redacted' ? 'Content redacted or not recorded by the instrumentation.' : 'Content of a kind Baton does not display.'}
        </p>
      );
  }
}
