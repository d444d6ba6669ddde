using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Orrery.Api.Prometheus;

/// <summary>
/// A request's parameters as Go's <c>Request.Form</c> holds them: a url-encoded POST body's
/// values first, then the URL query's. Prometheus accepts every read endpoint either way
/// because long <c>match[]</c> lists do not fit in a URL.
/// </summary>
internal sealed class PrometheusForm
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private PrometheusForm()
    {
    }

    /// <summary>Reads the body when it is a form; a malformed body is the caller's 400.</summary>
    public static async Task<(PrometheusForm Form, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = new PrometheusForm();
        if (request.HasFormContentType)
        {
            try
            {
                var body = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
                foreach (var (key, values) in body) form.Add(key, values);
            }
            catch (InvalidDataException e)
            {
                return (form, "error parsing form values: " + e.Message);
            }
        }
        foreach (var (key, values) in request.Query) form.Add(key, values);
        return (form, null);
    }

    /// <summary>For tests and callers that already hold the values.</summary>
    public static PrometheusForm From(params (string Name, string Value)[] values)
    {
        var form = new PrometheusForm();
        foreach (var (name, value) in values) form.Add(name, new StringValues(value));
        return form;
    }

    /// <summary>The first value, or "" (Go's <c>FormValue</c>).</summary>
    public string Get(string name) => _values.TryGetValue(name, out var list) ? list[0] : string.Empty;

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? list : [];

    private void Add(string name, StringValues values)
    {
        if (values.Count == 0) return;
        if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
        foreach (var value in values) list.Add(value ?? string.Empty);
    }
}
