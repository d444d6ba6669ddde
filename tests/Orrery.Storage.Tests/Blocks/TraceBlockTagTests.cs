using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Blocks;

public sealed class TraceBlockTagTests : IDisposable
{
    private readonly BlockTestDirectory _dir = new();
    private readonly TraceBlock _block;

    public TraceBlockTagTests()
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()]);
        _block = TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));
    }

    public void Dispose()
    {
        _block.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(AttributeScope.Resource, new[] { "debug", "host.cores", "load", "service.name" })]
    [InlineData(AttributeScope.Event, new[] { "exception.type", "retry" })]
    [InlineData(AttributeScope.Link, new[] { "link.kind" })]
    public void Tag_names_are_listed_per_scope(AttributeScope scope, string[] expected)
    {
        var names = new HashSet<string>();

        _block.CollectTagNames(scope, names, 100);

        Assert.Equal(expected, names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Span_tag_names_include_every_key_and_unscoped_adds_resource_keys()
    {
        var span = new HashSet<string>();
        var unscoped = new HashSet<string>();

        _block.CollectTagNames(AttributeScope.Span, span, 100);
        _block.CollectTagNames(AttributeScope.None, unscoped, 100);

        Assert.Equal(["amount", "cached", "db.statement", "db.system", "empty", "http.method", "http.status_code", "list", "map", "negative", "payload", "ratio"],
            span.Order(StringComparer.Ordinal));
        Assert.Superset(span, unscoped);
        Assert.Contains("service.name", unscoped);
    }

    [Fact]
    public void Tag_names_stop_at_the_limit()
    {
        var names = new HashSet<string>();

        _block.CollectTagNames(AttributeScope.Span, names, 3);

        Assert.Equal(3, names.Count);
    }

    [Fact]
    public void Tag_values_are_typed()
    {
        var methods = new HashSet<TagValue>();
        var codes = new HashSet<TagValue>();
        var services = new HashSet<TagValue>();
        var mixed = new HashSet<TagValue>();

        _block.CollectTagValues(AttributeRef.Span("http.method"), methods, 100);
        _block.CollectTagValues(AttributeRef.Span("http.status_code"), codes, 100);
        _block.CollectTagValues(AttributeRef.Unscoped("service.name"), services, 100);
        _block.CollectTagValues(AttributeRef.Resource("load"), mixed, 100);
        _block.CollectTagValues(AttributeRef.Resource("debug"), mixed, 100);

        Assert.Equal([new("string", "GET"), new("string", "POST")], methods.OrderBy(v => v.Value, StringComparer.Ordinal));
        Assert.Equal([new TagValue("int", "200")], codes);
        Assert.Equal([new("string", "checkout"), new("string", "payments")], services.OrderBy(v => v.Value, StringComparer.Ordinal));
        Assert.Equal([new("bool", "true"), new("float", "0.75")], mixed.OrderBy(v => v.Type, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(Intrinsic.Name, new[] { "string:GET /cart", "string:POST /pay", "string:SELECT carts", "string:charge" })]
    [InlineData(Intrinsic.Status, new[] { "status:error", "status:unset" })]
    [InlineData(Intrinsic.Kind, new[] { "kind:client", "kind:internal", "kind:server" })]
    [InlineData(Intrinsic.ScopeName, new[] { "string:lib.db", "string:lib.http" })]
    public void Intrinsic_values_come_from_the_index(Intrinsic intrinsic, string[] expected)
    {
        var values = new HashSet<TagValue>();

        _block.CollectTagValues(AttributeRef.Of(intrinsic, intrinsic.ToString().ToLowerInvariant()), values, 100);

        Assert.Equal(expected, values.Select(v => $"{v.Type}:{v.Value}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Values_of_an_unknown_key_are_empty()
    {
        var values = new HashSet<TagValue>();

        _block.CollectTagValues(AttributeRef.Span("nope"), values, 100);

        Assert.Empty(values);
    }
}
