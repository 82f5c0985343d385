import { ExternalLink } from 'lucide-react';

/** The one way out of an embed: the full view in Baton, in a new tab. */
export function OpenInBaton({ href }: { href: string }) {
  return (
    <a href={href} target="_blank" rel="noopener" className="inline-flex items-center gap-1 text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
      Open in Baton
      <ExternalLink aria-hidden className="h-3 w-3" />
    </a>
  );
}
