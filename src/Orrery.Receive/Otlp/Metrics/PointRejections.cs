using System.Text;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>Counts rejected points and keeps the first few reasons, naming metric and point.</summary>
internal sealed class PointRejections
{
    /// <summary>Enough to show the pattern without an error message the size of the request.</summary>
    private const int MaxReasons = 5;

    private readonly StringBuilder _message = new();
    private int _reasons;
    private bool _truncated;

    public int Count { get; private set; }

    public string? Message => Count == 0 ? null : _truncated ? $"{Count} data points rejected: {_message}; …" : $"{Count} data points rejected: {_message}";

    public void Add(string metric, int point, string reason, int count = 1)
    {
        Count += count;
        if (_reasons == MaxReasons)
        {
            _truncated = true;
            return;
        }
        if (_reasons > 0) _message.Append("; ");
        _message.Append("metric \"").Append(metric).Append('"');
        if (point >= 0) _message.Append(" data point ").Append(point);
        _message.Append(": ").Append(reason);
        _reasons++;
    }
}
