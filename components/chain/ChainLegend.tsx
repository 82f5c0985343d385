import { SEVERITY_COLOR } from '@/components/ui/SeverityBadge';

const ITEMS = [
  { label: 'critical', color: SEVERITY_COLOR.critical, dashed: false },
  { label: 'warning', color: SEVERITY_COLOR.warning, dashed: false },
  { label: 'info', color: SEVERITY_COLOR.info, dashed: false },
  { label: 'no drift', color: SEVERITY_COLOR.none, dashed: false },
  { label: 'pending', color: SEVERITY_COLOR.none, dashed: true },
];

/** What the edge colours mean. */
export function ChainLegend() {
  return (
    <ul aria-label="Edge colours" className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[11px] text-zinc-500">
      {ITEMS.map((i) => (
        <li key={i.label} className="flex items-center gap-1">
          <svg aria-hidden width="18" height="6">
            <line x1="0" y1="3" x2="18" y2="3" stroke={i.color} strokeWidth="2" strokeDasharray={i.dashed ? '4 3' : undefined} />
          </svg>
          {i.label}
        </li>
      ))}
    </ul>
  );
}
