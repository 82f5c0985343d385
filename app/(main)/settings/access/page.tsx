import type { Metadata } from 'next';
import { CredentialPanel } from '@/components/access/CredentialPanel';

export const metadata: Metadata = { title: 'Tokens and keys' };

/** For admins of a project: its read-only API tokens and its ingest keys (docs/security.md). */
export default function AccessSettingsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Tokens and keys</h1>
      <CredentialPanel kind="tokens" />
      <CredentialPanel kind="ingest-keys" />
    </div>
  );
}
