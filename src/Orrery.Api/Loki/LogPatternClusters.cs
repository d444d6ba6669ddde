namespace Orrery.Api.Loki;

/// <summary>
/// Groups line templates (<see cref="LogPatternTemplate"/>) into patterns the way Drain does:
/// templates with the same number of words join a pattern when at least half their words agree
/// (a <c>&lt;_&gt;</c> agrees with anything), and the words that differ become <c>&lt;_&gt;</c>
/// (only the value of a <c>key=value</c> word when the keys agree). So "user alice logged in"
/// and "user bob logged in" share "user &lt;_&gt; logged in", which masking alone cannot see.
/// </summary>
public sealed class LogPatternClusters
{
    private const double SimilarityThreshold = 0.5;
    /// <summary>Candidates compared per template: bounds the cost when a query has many distinct shapes.</summary>
    private const int MaxCandidates = 200;

    private readonly Dictionary<int, List<Cluster>> _byWordCount = [];
    private readonly Dictionary<string, Cluster> _byTemplate = new(StringComparer.Ordinal);

    public sealed class Cluster(string[] words)
    {
        public string[] Words { get; } = words;

        public SortedDictionary<long, long> Counts { get; } = [];

        public long Total { get; set; }

        public string Pattern => string.Join(' ', Words);
    }

    public IEnumerable<Cluster> All => _byWordCount.Values.SelectMany(c => c);

    /// <summary>The cluster the template joins (new or merged), with its words generalized as needed.</summary>
    public Cluster Add(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (_byTemplate.TryGetValue(template, out var known)) return known;
        var words = template.Split(' ');
        if (!_byWordCount.TryGetValue(words.Length, out var candidates)) _byWordCount.Add(words.Length, candidates = []);
        Cluster? best = null;
        var bestScore = 0.0;
        foreach (var candidate in candidates.Count > MaxCandidates ? candidates.Skip(candidates.Count - MaxCandidates) : candidates)
        {
            var score = Similarity(candidate.Words, words);
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }
        if (best is null || bestScore < SimilarityThreshold)
        {
            best = new Cluster(words);
            candidates.Add(best);
        }
        else
        {
            for (var i = 0; i < words.Length; i++) best.Words[i] = Merge(best.Words[i], words[i]);
        }
        _byTemplate[template] = best;
        return best;
    }

    /// <summary>The share of words that agree; 0 when only placeholders agree (nothing real in common).</summary>
    private static double Similarity(string[] pattern, string[] words)
    {
        var same = 0;
        var literal = 0;
        for (var i = 0; i < words.Length; i++)
        {
            if (pattern[i] == words[i])
            {
                same++;
                if (pattern[i] != LogPatternTemplate.Variable) literal++;
            }
            else if (pattern[i] == LogPatternTemplate.Variable) same++;
        }
        return literal == 0 ? 0 : (double)same / words.Length;
    }

    private static string Merge(string pattern, string word)
    {
        if (pattern == word || pattern == LogPatternTemplate.Variable) return pattern;
        var a = pattern.IndexOf('=', StringComparison.Ordinal);
        var b = word.IndexOf('=', StringComparison.Ordinal);
        if (a > 0 && a == b && string.CompareOrdinal(pattern, 0, word, 0, a) == 0) return pattern[..(a + 1)] + LogPatternTemplate.Variable;
        return LogPatternTemplate.Variable;
    }
}
