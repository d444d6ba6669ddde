using System.Buffers;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;

namespace Orrery.Query.PromQL.Engine;

/// <summary>
/// A window [mint, maxt] sliding forward over one series' iterator: points leaving the window
/// are dropped from the front, new ones appended, so each sample is decoded once per query.
/// The buffers are pooled and reused for every series of a selector.
/// </summary>
internal sealed class RangeCursor : IDisposable
{
    private FPoint[] _floats = ArrayPool<FPoint>.Shared.Rent(64);
    private HPoint[] _histograms = [];
    private int _fStart, _fEnd, _hStart, _hEnd;
    private ISampleIterator? _it;
    private SampleKind _kind;
    private bool _started;

    public ReadOnlySpan<FPoint> Floats => _floats.AsSpan(_fStart, _fEnd - _fStart);

    public ReadOnlySpan<HPoint> Histograms => _histograms.AsSpan(_hStart, _hEnd - _hStart);

    public int Count => (_fEnd - _fStart) + (_hEnd - _hStart);

    public void Reset(ISampleIterator it)
    {
        _it = it;
        _started = false;
        _fStart = _fEnd = _hStart = _hEnd = 0;
        Array.Clear(_histograms);
    }

    /// <summary>Moves the window to [<paramref name="mint"/>, <paramref name="maxt"/>]; both must not move backwards.</summary>
    public void Advance(long mint, long maxt)
    {
        while (_fStart < _fEnd && _floats[_fStart].T < mint) _fStart++;
        while (_hStart < _hEnd && _histograms[_hStart].T < mint) _histograms[_hStart++] = default;
        if (_fStart == _fEnd) _fStart = _fEnd = 0;
        if (_hStart == _hEnd) _hStart = _hEnd = 0;

        var it = _it!;
        if (!_started)
        {
            _started = true;
            _kind = it.Seek(mint);
        }
        else if (_kind != SampleKind.None && it.TimestampMs < mint)
        {
            _kind = it.Seek(mint);
        }
        while (_kind != SampleKind.None && it.TimestampMs <= maxt)
        {
            var t = it.TimestampMs;
            if (_kind == SampleKind.Histogram)
            {
                var h = it.Histogram();
                if (!StaleMarker.Is(h.Sum)) AppendHistogram(new HPoint(t, h));
            }
            else
            {
                var v = it.Value;
                if (!StaleMarker.Is(v)) AppendFloat(new FPoint(t, v));
            }
            _kind = it.Next();
        }
    }

    private void AppendFloat(FPoint p)
    {
        if (_fEnd == _floats.Length)
        {
            if (_fStart > _floats.Length / 2)
            {
                Array.Copy(_floats, _fStart, _floats, 0, _fEnd - _fStart);
                _fEnd -= _fStart;
                _fStart = 0;
            }
            else
            {
                var bigger = ArrayPool<FPoint>.Shared.Rent(_floats.Length * 2);
                Array.Copy(_floats, _fStart, bigger, 0, _fEnd - _fStart);
                ArrayPool<FPoint>.Shared.Return(_floats);
                _floats = bigger;
                _fEnd -= _fStart;
                _fStart = 0;
            }
        }
        _floats[_fEnd++] = p;
    }

    private void AppendHistogram(HPoint p)
    {
        if (_hEnd == _histograms.Length)
        {
            var live = _hEnd - _hStart;
            var grow = _histograms.Length == 0 || live >= _histograms.Length / 2;
            var target = grow ? new HPoint[Math.Max(16, _histograms.Length * 2)] : _histograms;
            Array.Copy(_histograms, _hStart, target, 0, live);
            if (!ReferenceEquals(target, _histograms)) _histograms = target;
            else Array.Clear(_histograms, live, _histograms.Length - live);
            _hStart = 0;
            _hEnd = live;
        }
        _histograms[_hEnd++] = p;
    }

    public void Dispose()
    {
        ArrayPool<FPoint>.Shared.Return(_floats);
        _floats = [];
    }
}
