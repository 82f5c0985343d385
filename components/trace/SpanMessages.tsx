import type { z } from 'zod';
import { cn } from '@/lib/cn';
import type { messageSchema, spanMessagesSchema } from '@/lib/schemas/messages';
import { MessagePartView, type MessagePart } from './MessagePartView';

type Message = z.infer<typeof messageSchema>;
type SpanMessagesModel = z.infer<typeof spanMessagesSchema>;

const INSTRUCTION_ROLES = new Set(['system', 'developer']);

const ROLE_STYLE: Record<string, string> = {
  system: 'border-violet-400 bg-violet-50/60 dark:border-violet-700 dark:bg-violet-950/30',
  user: 'border-sky-400 bg-sky-50/60 dark:border-sky-700 dark:bg-sky-950/30',
  assistant: 'border-emerald-400 bg-emerald-50/60 dark:border-emerald-700 dark:bg-emerald-950/30',
  tool: 'border-amber-400 bg-amber-50/60 dark:border-amber-700 dark:bg-amber-950/30',
};

function Bubble({ role, name, parts, label }: { role: string; name?: string; parts: MessagePart[]; label?: string }) {
  return (
    <li data-role={role} className={cn('rounded-md border-l-4 px-2.5 py-1.5', ROLE_STYLE[role] ?? 'border-zinc-400 bg-zinc-50 dark:border-zinc-600 dark:bg-zinc-950/40')}>
      <p className="mb-0.5 text-[11px] font-semibold uppercase tracking-wide text-zinc-500">
        {label ?? role}
        {name && <span className="ml-1 font-normal normal-case">({name})</span>}
      </p>
      {parts.length === 0 ? (
        <p className="text-xs italic text-zinc-500">No content recorded.</p>
      ) : (
        <div className="space-y-1.5">
          {parts.map((p, i) => (
            <MessagePartView key={i} part={p} />
          ))}
        </div>
      )}
    </li>
  );
}

function Conversation({ title, messages }: { title: string; messages: Message[] }) {
  if (messages.length === 0) return null;
  return (
    <div>
      <p className="mb-1 text-xs font-medium text-zinc-500">{title}</p>
      <ol className="space-y-1.5">
        {messages.map((m, i) => (
          <Bubble key={i} role={m.role} name={m.name} parts={m.parts} />
        ))}
      </ol>
    </div>
  );
}

/**
 * A span's messages as a conversation: system instructions, what the model
 * was given, what it answered; role-coloured, long texts folded, every
 * value as text.
 */
export function SpanMessages({ messages }: { messages: SpanMessagesModel }) {
  // `system` already holds the parts of system-role input messages.
  const input = messages.input.filter((m) => !INSTRUCTION_ROLES.has(m.role));
  return (
    <div aria-label="Messages" role="group" className="space-y-3">
      {messages.system.length > 0 && (
        <ol>
          <Bubble role="system" parts={messages.system} label="System instructions" />
        </ol>
      )}
      <Conversation title="Input" messages={input} />
      <Conversation title="Output" messages={messages.output} />
      <p className="text-[11px] text-zinc-400">Read from {messages.source}</p>
    </div>
  );
}
