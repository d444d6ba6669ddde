using System.Text;
using Orrery.Signals.Protobuf;

namespace Orrery.Generate.Transport;

/// <summary>Reads the partial success of an OTLP export response (traces, metrics and logs share its layout).</summary>
internal static class OtlpPartialSuccess
{
    // message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
    // message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
    // (rejected_data_points / rejected_log_records for metrics and logs, same numbers and types.)
    public static (long Rejected, string? Message) Read(ReadOnlySpan<byte> response)
    {
        long rejected = 0;
        string? message = null;
        var reader = new ProtoReader(response);
        while (reader.TryReadTag(out var tag))
        {
            if (tag >> 3 != 1 || (tag & 7) != 2)
            {
                reader.SkipField(tag);
                continue;
            }
            var partial = reader.ReadMessage();
            while (partial.TryReadTag(out var inner))
            {
                switch (inner)
                {
                    case (1 << 3) | 0: rejected = (long)partial.ReadVarint64(); break;
                    case (2 << 3) | 2: message = Encoding.UTF8.GetString(partial.ReadBytes()); break;
                    default: partial.SkipField(inner); break;
                }
            }
        }
        return (rejected, string.IsNullOrEmpty(message) ? null : message);
    }
}
