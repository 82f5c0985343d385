import type { Metadata } from 'next';
import { ShareLinkList } from '@/components/share/ShareLinkList';

export const metadata: Metadata = { title: 'Share links' };

/** Every share link of the projects where the caller is an editor or admin (docs/security.md, "Share links"). */
export default function ShareLinksPage() {
  return <ShareLinkList />;
}
