using System.Globalization;
using System.Text;
using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>Why samples of one batch were refused: counts, and the first few distinct messages for the sender.</summary>
internal sealed class WriteRejections
{
    /// <summary>Three reasons are enough to act on; the count says how many more there were.</summary>
    private const int MaxMessages = 3;

    private readonly List<string> _messages = new(MaxMessages);
    private int _distinctDropped;

    public int Samples { get; private set; }

    public int Exemplars { get; private set; }

    public void RejectSample(string message)
    {
        Samples++;
        Note(message);
    }

    public void RejectExemplar(string message)
    {
        Exemplars++;
        Note(message);
    }

    public MetricWriteResult ToResult(int accepted)
    {
        if (Samples == 0 && Exemplars == 0) return new MetricWriteResult(accepted, 0, 0, null);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Samples} samples and {Exemplars} exemplars rejected: ");
        text.AppendJoin("; ", _messages);
        if (_distinctDropped > 0) text.Append(CultureInfo.InvariantCulture, $"; and {_distinctDropped} more");
        return new MetricWriteResult(accepted, Samples, Exemplars, text.ToString());
    }

    private void Note(string message)
    {
        if (_messages.Contains(message)) return;
        if (_messages.Count < MaxMessages) _messages.Add(message);
        else _distinctDropped++;
    }
}
