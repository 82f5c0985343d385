import protobuf from 'protobufjs';

/**
 * The OTLP wire messages Baton reads and writes, as a protobufjs descriptor.
 * Field numbers and types follow the OTLP specification (opentelemetry-proto,
 * packages opentelemetry.proto.{common,resource,trace,logs,collector}.v1);
 * only the messages the receivers and the tests that build requests need are
 * declared, plus google.rpc.Status and RetryInfo for error answers. Unknown
 * fields on the wire are skipped by the decoder, as protobuf requires.
 */

const f = (type: string, id: number, rule?: 'repeated') => (rule ? { type, id, rule } : { type, id });

const descriptor = {
  nested: {
    otlp: {
      nested: {
        AnyValue: {
          oneofs: {
            value: {
              oneof: [
                'stringValue',
                'boolValue',
                'intValue',
                'doubleValue',
                'arrayValue',
                'kvlistValue',
                'bytesValue',
              ],
            },
          },
          fields: {
            stringValue: f('string', 1),
            boolValue: f('bool', 2),
            intValue: f('int64', 3),
            doubleValue: f('double', 4),
            arrayValue: f('ArrayValue', 5),
            kvlistValue: f('KeyValueList', 6),
            bytesValue: f('bytes', 7),
          },
        },
        ArrayValue: { fields: { values: f('AnyValue', 1, 'repeated') } },
        KeyValueList: { fields: { values: f('KeyValue', 1, 'repeated') } },
        KeyValue: { fields: { key: f('string', 1), value: f('AnyValue', 2) } },
        InstrumentationScope: {
          fields: {
            name: f('string', 1),
            version: f('string', 2),
            attributes: f('KeyValue', 3, 'repeated'),
            droppedAttributesCount: f('uint32', 4),
          },
        },
        Resource: {
          fields: {
            attributes: f('KeyValue', 1, 'repeated'),
            droppedAttributesCount: f('uint32', 2),
          },
        },
        Status: { fields: { message: f('string', 2), code: f('int32', 3) } },
        Event: {
          fields: {
            timeUnixNano: f('fixed64', 1),
            name: f('string', 2),
            attributes: f('KeyValue', 3, 'repeated'),
            droppedAttributesCount: f('uint32', 4),
          },
        },
        Link: {
          fields: {
            traceId: f('bytes', 1),
            spanId: f('bytes', 2),
            traceState: f('string', 3),
            attributes: f('KeyValue', 4, 'repeated'),
            droppedAttributesCount: f('uint32', 5),
            flags: f('fixed32', 6),
          },
        },
        Span: {
          fields: {
            traceId: f('bytes', 1),
            spanId: f('bytes', 2),
            traceState: f('string', 3),
            parentSpanId: f('bytes', 4),
            name: f('string', 5),
            kind: f('int32', 6),
            startTimeUnixNano: f('fixed64', 7),
            endTimeUnixNano: f('fixed64', 8),
            attributes: f('KeyValue', 9, 'repeated'),
            droppedAttributesCount: f('uint32', 10),
            events: f('Event', 11, 'repeated'),
            droppedEventsCount: f('uint32', 12),
            links: f('Link', 13, 'repeated'),
            droppedLinksCount: f('uint32', 14),
            status: f('Status', 15),
            flags: f('fixed32', 16),
          },
        },
        ScopeSpans: {
          fields: {
            scope: f('InstrumentationScope', 1),
            spans: f('Span', 2, 'repeated'),
            schemaUrl: f('string', 3),
          },
        },
        ResourceSpans: {
          fields: {
            resource: f('Resource', 1),
            scopeSpans: f('ScopeSpans', 2, 'repeated'),
            schemaUrl: f('string', 3),
          },
        },
        ExportTraceServiceRequest: { fields: { resourceSpans: f('ResourceSpans', 1, 'repeated') } },
        ExportTracePartialSuccess: {
          fields: { rejectedSpans: f('int64', 1), errorMessage: f('string', 2) },
        },
        ExportTraceServiceResponse: { fields: { partialSuccess: f('ExportTracePartialSuccess', 1) } },
        LogRecord: {
          fields: {
            timeUnixNano: f('fixed64', 1),
            severityNumber: f('int32', 2),
            severityText: f('string', 3),
            body: f('AnyValue', 5),
            attributes: f('KeyValue', 6, 'repeated'),
            droppedAttributesCount: f('uint32', 7),
            flags: f('fixed32', 8),
            traceId: f('bytes', 9),
            spanId: f('bytes', 10),
            observedTimeUnixNano: f('fixed64', 11),
            eventName: f('string', 12),
          },
        },
        ScopeLogs: {
          fields: {
            scope: f('InstrumentationScope', 1),
            logRecords: f('LogRecord', 2, 'repeated'),
            schemaUrl: f('string', 3),
          },
        },
        ResourceLogs: {
          fields: {
            resource: f('Resource', 1),
            scopeLogs: f('ScopeLogs', 2, 'repeated'),
            schemaUrl: f('string', 3),
          },
        },
        ExportLogsServiceRequest: { fields: { resourceLogs: f('ResourceLogs', 1, 'repeated') } },
        ExportLogsPartialSuccess: {
          fields: { rejectedLogRecords: f('int64', 1), errorMessage: f('string', 2) },
        },
        ExportLogsServiceResponse: { fields: { partialSuccess: f('ExportLogsPartialSuccess', 1) } },
        /**
         * google.rpc.Status: the body of OTLP/HTTP error responses, and the
         * `grpc-status-details-bin` trailer of OTLP/gRPC ones.
         */
        RpcStatus: { fields: { code: f('int32', 1), message: f('string', 2), details: f('Any', 3, 'repeated') } },
        /** google.protobuf.Any, google.protobuf.Duration and google.rpc.RetryInfo, for throttling answers. */
        Any: { fields: { typeUrl: f('string', 1), value: f('bytes', 2) } },
        Duration: { fields: { seconds: f('int64', 1), nanos: f('int32', 2) } },
        RetryInfo: { fields: { retryDelay: f('Duration', 1) } },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(descriptor);

export const ExportTraceServiceRequest = root.lookupType('otlp.ExportTraceServiceRequest');
export const ExportTraceServiceResponse = root.lookupType('otlp.ExportTraceServiceResponse');
export const ExportLogsServiceRequest = root.lookupType('otlp.ExportLogsServiceRequest');
export const ExportLogsServiceResponse = root.lookupType('otlp.ExportLogsServiceResponse');
export const RpcStatus = root.lookupType('otlp.RpcStatus');
export const RetryInfo = root.lookupType('otlp.RetryInfo');
