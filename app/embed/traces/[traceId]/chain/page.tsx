import type { Metadata } from 'next';
import { ChainEmbed } from '@/components/embed/ChainEmbed';

export async function generateMetadata({ params }: { params: Promise<{ traceId: string }> }): Promise<Metadata> {
  const { traceId } = await params;
  return { title: `Agent chain ${traceId.slice(0, 8)}` };
}

/** Embeddable: the agent chain of one trace (`?theme=light|dark`). */
export default async function ChainEmbedPage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  return <ChainEmbed traceId={traceId.toLowerCase()} />;
}
