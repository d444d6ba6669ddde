namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// The head's series ids by label hash: an open-addressing table (linear probing) of 8-byte
/// slots, each the hash's high 32 bits beside the id, ~11–21 bytes a series against ~44 for a
/// <c>Dictionary&lt;ulong, HeadSeries&gt;</c> plus the series' own hash and collision-chain
/// fields. The stored 32 bits also pick the slot, so the table grows without asking the series.
/// Callers confirm a candidate by comparing labels (same 32 bits, different series is possible).
/// Not thread-safe: the tenant head's append lock guards it.
/// </summary>
internal sealed class SeriesByHash
{
    private const int MinCapacity = 16;

    private ulong[] _slots = new ulong[MinCapacity];

    public int Count { get; private set; }

    /// <summary>Slots in the table (for the memory breakdown and tests).</summary>
    public int Capacity => _slots.Length;

    /// <summary>Ids whose stored hash bits match <paramref name="hash"/>'s, in probe order.</summary>
    public Candidates Find(ulong hash) => new(_slots, Fingerprint(hash));

    public void Add(ulong hash, int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        // At most 3/4 full: linear probing's probe count stays ~2.5 on a miss.
        if ((Count + 1) * 4L > _slots.Length * 3L) Resize(_slots.Length * 2);
        Insert(_slots, Slot(Fingerprint(hash), id));
        Count++;
    }

    /// <summary>Drops every id in <paramref name="ids"/> in one pass (series collected after a cut), shrinking when mostly empty.</summary>
    public void RemoveAll(IReadOnlySet<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return;
        var kept = new List<ulong>(Count);
        foreach (var slot in _slots)
        {
            if (slot != 0 && !ids.Contains(IdOf(slot))) kept.Add(slot);
        }
        var capacity = MinCapacity;
        while (kept.Count * 4L > capacity * 3L || (capacity < _slots.Length && kept.Count * 8L > capacity * 3L)) capacity *= 2;
        var slots = new ulong[capacity];
        foreach (var slot in kept) Insert(slots, slot);
        _slots = slots;
        Count = kept.Count;
    }

    private void Resize(int capacity)
    {
        var slots = new ulong[capacity];
        foreach (var slot in _slots)
        {
            if (slot != 0) Insert(slots, slot);
        }
        _slots = slots;
    }

    private static void Insert(ulong[] slots, ulong slot)
    {
        var mask = slots.Length - 1;
        var i = (int)((uint)(slot >> 32) & (uint)mask);
        while (slots[i] != 0) i = (i + 1) & mask;
        slots[i] = slot;
    }

    private static uint Fingerprint(ulong hash) => (uint)(hash >> 32);

    // id + 1 in the low half, so a used slot is never 0.
    private static ulong Slot(uint fingerprint, int id) => ((ulong)fingerprint << 32) | (uint)(id + 1);

    private static int IdOf(ulong slot) => (int)(uint)slot - 1;

    /// <summary>Walks one probe sequence: no allocation, stops at the first empty slot.</summary>
    public ref struct Candidates(ulong[] slots, uint fingerprint)
    {
        private readonly ulong[] _slots = slots;
        private readonly uint _fingerprint = fingerprint;
        private int _index = (int)(fingerprint & (uint)(slots.Length - 1)) - 1;
        private int _current = -1;

        public readonly int Current => _current;

        public readonly Candidates GetEnumerator() => this;

        public bool MoveNext()
        {
            var mask = _slots.Length - 1;
            while (true)
            {
                _index = (_index + 1) & mask;
                var slot = _slots[_index];
                if (slot == 0) return false;
                if ((uint)(slot >> 32) != _fingerprint) continue;
                _current = IdOf(slot);
                return true;
            }
        }
    }
}
