// Sends three log records with the OpenTelemetry JS SDK's OTLP/HTTP (JSON) logs exporter:
//   node export-logs.mjs <otlp-http base url> <service name> <trace id hex> <span id hex>
// Exits non-zero when the export fails, so the calling test sees the SDK's own verdict.
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';

const [base, service, traceId, spanId] = process.argv.slice(2);
let failed = null;
const exporter = new OTLPLogExporter({ url: `${base}/v1/logs` });
const export_ = exporter.export.bind(exporter);
exporter.export = (records, done) => export_(records, result => {
  if (result.code !== 0) failed = result.error ?? new Error('export failed');
  done(result);
});
const provider = new LoggerProvider({ resource: new Resource({ 'service.name': service, 'deployment.environment': 'js-e2e' }) });
provider.addLogRecordProcessor(new SimpleLogRecordProcessor(exporter));
const logger = provider.getLogger('orrery-js-e2e', '1.0.0');
const inSpan = trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: TraceFlags.SAMPLED });

logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'cart loaded', attributes: { 'cart.items': 3 }, context: inSpan });
logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'payment declined', attributes: { 'payment.provider': 'acme' }, context: inSpan });
logger.emit({ severityNumber: SeverityNumber.WARN, body: { event: 'retry', attempt: 2 }, context: inSpan });

await provider.forceFlush();
await provider.shutdown();
if (failed) {
  console.error('export failed:', failed.message ?? failed);
  process.exit(1);
}
