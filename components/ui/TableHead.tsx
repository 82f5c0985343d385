/** The header row of a plain list table (audit, tokens and keys, share links): column names, none sortable. */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead className="text-xs text-zinc-500">
      <tr>
        {columns.map((h, i) => (
          <th key={i} scope="col" className="px-2 py-1.5 font-medium">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}
