namespace Orrery.Generate.Running;

internal static class UnixTime
{
    public static long NowNanos() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
