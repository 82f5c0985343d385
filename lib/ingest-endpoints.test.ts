import { describe, expect, it } from 'vitest';
import { otlpEndpoints } from './ingest-endpoints';

describe('the OTLP endpoints shown in empty states', () => {
  it('use the host the browser reached Baton by, and this process’s ports', () => {
    expect(otlpEndpoints({ http: 14318, grpc: 14317 }, '127.0.0.1:3000')).toEqual({ http: 'http://127.0.0.1:14318', grpc: 'http://127.0.0.1:14317' });
    expect(otlpEndpoints({ http: 4318 }, '[::1]:3000')).toEqual({ http: 'http://[::1]:4318', grpc: null });
    expect(otlpEndpoints({ http: 4318 }, null)).toEqual({ http: 'http://localhost:4318', grpc: null });
  });

  it('prefer BATON_PUBLIC_URL’s host name, and say nothing for a process that does not receive', () => {
    expect(otlpEndpoints({ http: 4318, grpc: 4317 }, 'internal:3000', 'https://baton.example.com')).toEqual({ http: 'http://baton.example.com:4318', grpc: 'http://baton.example.com:4317' });
    expect(otlpEndpoints({}, 'baton:3000')).toEqual({ http: null, grpc: null });
  });
});
