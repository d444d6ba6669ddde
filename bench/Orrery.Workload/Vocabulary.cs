namespace Orrery.Workload;

/// <summary>
/// Deterministic 20-character words. A bounded vocabulary is what makes the workload
/// realistic: real attribute values repeat (routes, hosts, status codes), and random strings
/// would be incompressible and measure nothing.
/// </summary>
public sealed class Vocabulary
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly string[] _words;

    public Vocabulary(int size, int seed, int length = 20)
    {
        var random = new Random(seed);
        _words = new string[size];
        for (var i = 0; i < size; i++)
        {
            _words[i] = string.Create(length, random, static (chars, r) =>
            {
                for (var c = 0; c < chars.Length; c++) chars[c] = Alphabet[r.Next(Alphabet.Length)];
            });
        }
    }

    public int Count => _words.Length;

    public string this[int index] => _words[index];
}
