using Microsoft.AspNetCore.Http;
using Orrery.Signals;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tempo.Traces;

/// <summary><c>GET /api/traces/{id}</c> and <c>/api/v2/traces/{id}</c>.</summary>
public sealed class TraceByIdHandler(ITraceReader reader)
{
    public TempoResult Handle(string tenant, string id, IQueryCollection query, TraceResponseShape shape, bool protobuf)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!TraceId.TryParseHex(id, out var traceId))
            return new TempoError(StatusCodes.Status400BadRequest, $"invalid trace id '{id}': expected up to 32 hex digits");
        if (!TempoParameters.TryGetRange(query, out var range, out var error))
            return new TempoError(StatusCodes.Status400BadRequest, error!);
        var batch = reader.FindTrace(tenant, traceId, range);
        if (batch is null || batch.Count == 0)
            return new TempoError(StatusCodes.Status404NotFound, $"trace {traceId.ToHex()} not found");
        return new TraceResult(batch, shape, protobuf);
    }
}
