/**
 * Where this process receives OTLP, for the UI's empty states ("point an
 * exporter at …"): set by the server entry once its receivers listen, read
 * by `/api/v1/me`. On globalThis: Next.js bundles its own copy of this
 * module. A `--role=ui` process receives nothing: its ports are unset.
 */

export interface IngestPorts {
  /** OTLP/HTTP port, when this process receives it. */
  http?: number;
  /** OTLP/gRPC port, when this process receives it. */
  grpc?: number;
}

const KEY = Symbol.for('baton.ingest-ports');
type Holder = { [KEY]?: IngestPorts };

export function setIngestPorts(ports: IngestPorts): void {
  (globalThis as Holder)[KEY] = ports;
}

export const ingestPorts = (): IngestPorts => (globalThis as Holder)[KEY] ?? {};

/** The host name a browser reached Baton by (`Host`, without its port; brackets kept for IPv6), or BATON_PUBLIC_URL's. */
function hostName(host: string | null, publicUrl: string | undefined): string {
  if (publicUrl) return new URL(publicUrl).hostname;
  const h = (host ?? '').trim();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1) || 'localhost';
  return h.split(':')[0] || 'localhost';
}

/** The OTLP endpoints as an exporter takes them (`http://host:4318`), or null where this process does not receive. */
export function otlpEndpoints(ports: IngestPorts, host: string | null, publicUrl?: string): { http: string | null; grpc: string | null } {
  const name = hostName(host, publicUrl);
  return { http: ports.http ? `http://${name}:${ports.http}` : null, grpc: ports.grpc ? `http://${name}:${ports.grpc}` : null };
}
