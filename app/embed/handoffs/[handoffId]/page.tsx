import type { Metadata } from 'next';
import { HandoffEmbed } from '@/components/embed/HandoffEmbed';
import { decodeSegment } from '@/lib/path-segment';

export const metadata: Metadata = { title: 'Handoff diff' };

/** Embeddable: one handoff's side-by-side diff (`?theme=light|dark`). */
export default async function HandoffEmbedPage({ params }: { params: Promise<{ handoffId: string }> }) {
  const { handoffId } = await params;
  return <HandoffEmbed handoffId={decodeSegment(handoffId)} />;
}
