import { SessionNotFoundPage } from '@/components/session/SessionNotFoundPage';

export default function NotFound() {
  return <SessionNotFoundPage />;
}
