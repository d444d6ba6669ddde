namespace Orrery.Receive.Scrape.Exposition;

/// <summary>What <see cref="ExpositionReader.Next"/> stopped at.</summary>
public enum ExpositionEntry
{
    None,
    /// <summary>A sample line: a series, its value, maybe a timestamp and an exemplar.</summary>
    Series,
    /// <summary><c># TYPE family type</c></summary>
    Type,
    /// <summary><c># HELP family text</c></summary>
    Help,
    /// <summary><c># UNIT family unit</c> (OpenMetrics only)</summary>
    Unit,
}
