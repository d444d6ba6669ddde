using System.Collections.Concurrent;

namespace Orrery.Generate.Running;

/// <summary>The distinct error messages of a run with how often each came, for the summary.</summary>
public sealed class LoadErrors
{
    // A misbehaving peer can word every answer differently; the summary needs only a sample.
    private const int MaxDistinct = 20;

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string message)
    {
        if (_counts.Count >= MaxDistinct && !_counts.ContainsKey(message)) message = "(other errors)";
        _counts.AddOrUpdate(message, 1, static (_, n) => n + 1);
    }

    public IReadOnlyList<KeyValuePair<string, long>> MostFrequent(int count) =>
        _counts.OrderByDescending(e => e.Value).Take(count).ToList();
}
