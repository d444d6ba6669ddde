using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orrery.Api;

/// <summary>How every compatible API writes JSON.</summary>
internal static class ApiJson
{
    /// <summary>
    /// Characters other than quotes, backslashes and controls are written as they are, as the Go
    /// services these APIs mimic do: "+Inf" stays "+Inf", a log line's quotes are <c>\"</c> (not
    /// <c>\u0022</c>), and label values and log lines in any script stay readable. The answers are
    /// application/json, never embedded in HTML, so the HTML-safe escaping buys nothing.
    /// </summary>
    public static JsonWriterOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
