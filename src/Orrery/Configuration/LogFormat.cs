namespace Orrery.Configuration;

internal enum LogFormat
{
    /// <summary>One JSON object per line on stderr: what log shippers parse without configuration.</summary>
    Json,
    Text,
}
