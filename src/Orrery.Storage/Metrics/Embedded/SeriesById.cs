using System.Diagnostics.CodeAnalysis;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// The head's series by id. Ids are dense and increasing, so a paged array does the job of a
/// hash map at 8 bytes a series instead of ~40 (entry, bucket, free capacity); a page whose
/// series have all been collected is released. Not thread-safe: the tenant head's locks guard it.
/// </summary>
internal sealed class SeriesById
{
    private const int PageBits = 12;
    private const int PageSize = 1 << PageBits;

    private HeadSeries?[]?[] _pages = new HeadSeries?[]?[16];
    private int[] _pageCounts = new int[16];

    public int Count { get; private set; }

    public HeadSeries this[int id] => TryGetValue(id, out var series) ? series : throw new KeyNotFoundException($"no head series {id}");

    public bool TryGetValue(int id, [NotNullWhen(true)] out HeadSeries? series)
    {
        var page = id >> PageBits;
        series = id >= 0 && page < _pages.Length ? _pages[page]?[id & (PageSize - 1)] : null;
        return series is not null;
    }

    /// <summary>Adds a series, or replaces the one with its id.</summary>
    public void Set(int id, HeadSeries series)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        var page = id >> PageBits;
        if (page >= _pages.Length)
        {
            var size = Math.Max(_pages.Length * 2, page + 1);
            Array.Resize(ref _pages, size);
            Array.Resize(ref _pageCounts, size);
        }
        var slots = _pages[page] ??= new HeadSeries?[PageSize];
        ref var slot = ref slots[id & (PageSize - 1)];
        if (slot is null)
        {
            Count++;
            _pageCounts[page]++;
        }
        slot = series;
    }

    public bool Remove(int id)
    {
        var page = id >> PageBits;
        if (id < 0 || page >= _pages.Length || _pages[page] is not { } slots || slots[id & (PageSize - 1)] is null) return false;
        slots[id & (PageSize - 1)] = null;
        Count--;
        if (--_pageCounts[page] == 0) _pages[page] = null;
        return true;
    }

    /// <summary>Every series, by id.</summary>
    public IEnumerable<HeadSeries> Values
    {
        get
        {
            foreach (var page in _pages)
            {
                if (page is null) continue;
                foreach (var series in page)
                {
                    if (series is not null) yield return series;
                }
            }
        }
    }
}
