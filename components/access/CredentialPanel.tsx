'use client';

import { useState } from 'react';
import { Panel } from '@/components/ui/Panel';
import { ErrorState, Loading } from '@/components/ui/StatusMessage';
import { inputClass, primaryButtonClass } from '@/components/ui/styles';
import { useCreateCredential, useCredentials, useRevokeCredential, type CredentialKind } from '@/hooks/useCredentials';
import { CredentialTable } from './CredentialTable';

const TEXT = {
  tokens: { title: 'API tokens', what: 'token', help: 'Read-only access to one project’s /api/v1, for scripts and postmortem tooling: send Authorization: Bearer <token>.' },
  'ingest-keys': { title: 'Ingest keys', what: 'ingest key', help: 'What an exporter sends with a key is stored in the key’s project: set OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <key>".' },
} as const;

/** One kind of secret: make one (shown once), list them, revoke them. */
export function CredentialPanel({ kind }: { kind: CredentialKind }) {
  const text = TEXT[kind];
  const list = useCredentials(kind);
  const create = useCreateCredential(kind);
  const revoke = useRevokeCredential(kind);
  const [project, setProject] = useState('');
  const [name, setName] = useState('');
  const made = create.data;

  return (
    <Panel title={text.title}>
      <p className="mb-3 text-xs text-zinc-500">{text.help}</p>
      <form
        className="mb-3 flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ project: project.trim(), name: name.trim() }, { onSuccess: () => setName('') });
        }}
      >
        <input aria-label={`Project of the new ${text.what}`} placeholder="Project" required className={inputClass} value={project} onChange={(e) => setProject(e.target.value)} />
        <input aria-label={`What the new ${text.what} is for`} placeholder="What it is for" required className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={create.isPending} className={primaryButtonClass}>
          Make {text.what}
        </button>
      </form>
      {create.isError && <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">{create.error.message}</p>}
      {made && (
        <div role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p className="mb-1 font-medium">
            The {text.what} “{made.credential.name}” for {made.credential.project}: copy it now, it is not shown again.
          </p>
          <code data-testid="new-secret" className="block select-all break-all font-mono text-xs">
            {made.secret}
          </code>
        </div>
      )}
      {revoke.isError && <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">{revoke.error.message}</p>}
      {list.isPending && <Loading label={`Loading ${text.what}s…`} />}
      {list.isError && <ErrorState title={`Could not load the ${text.what}s`} error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && <CredentialTable rows={list.data} what={text.what} revoking={revoke.isPending ? revoke.variables : undefined} onRevoke={(c) => revoke.mutate(c.id)} />}
    </Panel>
  );
}
