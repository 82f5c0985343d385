import { cn } from '@/lib/cn';

/** Two free texts next to each other (what each side was given, or their snapshot texts), as plain text. */
export function TextSideBySide({ title, from, to, className }: { title: string; from: string | null; to: string | null; className?: string }) {
  if (from === null && to === null) return null;
  const block = (label: string, text: string | null) => (
    <div className="min-w-0">
      <p className="mb-1 text-xs uppercase tracking-wide text-zinc-500">{label}</p>
      {text === null ? (
        <p className="text-sm italic text-zinc-400">not recorded</p>
      ) : (
        <pre className="max-h-72 overflow-auto whitespace-pre-wrap break-words rounded-md bg-zinc-50 p-2 font-mono text-xs leading-5 dark:bg-zinc-950">{text}</pre>
      )}
    </div>
  );
  return (
    <section aria-label={title} className={cn('space-y-1', className)}>
      <h3 className="text-sm font-medium">{title}</h3>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        {block('Sender', from)}
        {block('Receiver', to)}
      </div>
    </section>
  );
}
