import { TraceNotFound } from '@/components/trace/TraceNotFound';

export default function NotFound() {
  return <TraceNotFound />;
}
