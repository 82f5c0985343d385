import type { Metadata } from 'next';
import { SharedView } from '@/components/share/SharedView';

export const metadata: Metadata = { title: 'Shared', robots: { index: false, follow: false } };

/** `/s/{token}`: a share link (docs/security.md, "Share links"). The token is checked by the API on every call the page makes. */
export default async function SharedPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <SharedView token={token} />;
}
