using Orrery.Query.PromQL.Engine;
using Orrery.Signals.Labels;

namespace Orrery.Query.PromQL.Functions;

/// <summary>time, pi, vector, scalar, timestamp and the calendar functions (UTC, proleptic Gregorian).</summary>
internal static class TimeFunctions
{
    public static IEnumerable<(string Name, InstantFunction Function)> All()
    {
        yield return ("time", (call, output) => output.Add(new Sample(LabelSet.Empty, call.TimestampMs, call.TimestampMs / 1000.0)));
        yield return ("pi", (call, output) => output.Add(new Sample(LabelSet.Empty, call.TimestampMs, Math.PI)));
        yield return ("vector", (call, output) => output.Add(new Sample(LabelSet.Empty, call.TimestampMs, call.Scalars[0])));
        yield return ("scalar", Scalar);
        yield return ("timestamp", Timestamp);
        yield return ("day_of_month", Calendar(static d => d.Day));
        yield return ("day_of_week", Calendar(static d => d.DayOfWeek));
        yield return ("day_of_year", Calendar(static d => d.DayOfYear));
        yield return ("days_in_month", Calendar(static d => DaysInMonth(d.Year, d.Month)));
        yield return ("hour", Calendar(static d => d.Hour));
        yield return ("minute", Calendar(static d => d.Minute));
        yield return ("month", Calendar(static d => d.Month));
        yield return ("year", Calendar(static d => d.Year));
    }

    /// <summary>The only element's value, or NaN unless there is exactly one (output has empty labels).</summary>
    public static void Scalar(FunctionCall call, List<Sample> output)
    {
        var v = call.Vector.Count == 1 && !call.Vector[0].IsHistogram ? call.Vector[0].F : double.NaN;
        output.Add(new Sample(LabelSet.Empty, call.TimestampMs, v));
    }

    /// <summary>
    /// Each sample's own timestamp in seconds. The engine must pass a vector selector's samples
    /// with the time they were recorded at (not the step time), as Prometheus special-cases it.
    /// </summary>
    public static void Timestamp(FunctionCall call, List<Sample> output)
    {
        foreach (var s in call.Vector) output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, s.T / 1000.0));
    }

    private static InstantFunction Calendar(Func<CivilTime, long> field) => (call, output) =>
    {
        if (call.ArgExprs.Count == 0)
        {
            output.Add(new Sample(LabelSet.Empty, call.TimestampMs, field(CivilTime.FromUnixSeconds(FloorDiv(call.TimestampMs, 1000)))));
            return;
        }
        foreach (var s in call.Vector)
        {
            if (s.IsHistogram) continue;
            output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, field(CivilTime.FromUnixSeconds(GoInt64(s.F)))));
        }
    };

    /// <summary>Go's float64→int64 conversion on amd64: truncation, and the minimum value for NaN or out of range.</summary>
    private static long GoInt64(double v) => double.IsNaN(v) || v >= 9.2233720368547758E18 || v < -9.2233720368547758E18 ? long.MinValue : (long)v;

    private static long FloorDiv(long a, long b) => a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    internal static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeap(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static bool IsLeap(long y) => y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

    /// <summary>A UTC calendar time computed from Unix seconds without DateTime's year 1–9999 limit.</summary>
    internal readonly record struct CivilTime(long Year, int Month, int Day, int Hour, int Minute, int DayOfWeek, int DayOfYear)
    {
        public static CivilTime FromUnixSeconds(long seconds)
        {
            var days = FloorDiv(seconds, 86400);
            var secondOfDay = seconds - days * 86400;
            // Howard Hinnant's civil_from_days, eras of 400 years starting 0000-03-01.
            var z = days + 719468;
            var era = (z >= 0 ? z : z - 146096) / 146097;
            var doe = z - era * 146097;
            var yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            var year = yoe + era * 400;
            var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            var mp = (5 * doy + 2) / 153;
            var day = (int)(doy - (153 * mp + 2) / 5 + 1);
            var month = (int)(mp < 10 ? mp + 3 : mp - 9);
            if (month <= 2) year++;
            var dayOfWeek = (int)(((days + 4) % 7 + 7) % 7); // 1970-01-01 was a Thursday.
            var dayOfYear = day;
            for (var m = 1; m < month; m++) dayOfYear += DaysInMonth(year, m);
            return new CivilTime(year, month, day, (int)(secondOfDay / 3600), (int)(secondOfDay % 3600 / 60), dayOfWeek, dayOfYear);
        }
    }
}
