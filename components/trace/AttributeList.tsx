/** Key/value attributes, rendered strictly as text (telemetry is never HTML). */

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

export function AttributeList({ attributes, empty = 'None' }: { attributes: Record<string, unknown>; empty?: string }) {
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return <p className="text-sm text-zinc-400">{empty}</p>;
  return (
    <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
      {keys.map((key) => (
        <div key={key} className="grid grid-cols-[minmax(120px,2fr)_3fr] gap-3 py-1.5">
          <dt className="break-all font-mono text-xs leading-5 text-zinc-500">{key}</dt>
          <dd className="max-h-64 overflow-auto whitespace-pre-wrap break-words font-mono text-xs leading-5">{display(attributes[key])}</dd>
        </div>
      ))}
    </dl>
  );
}
