using Orrery.Api.Tempo.Tags;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tests.Tempo;

public class TagReferenceTests
{
    [Theory]
    [InlineData("resource.service.name", AttributeScope.Resource, "service.name")]
    [InlineData("span.http.method", AttributeScope.Span, "http.method")]
    [InlineData(".http.method", AttributeScope.None, "http.method")]
    [InlineData("event.exception.type", AttributeScope.Event, "exception.type")]
    [InlineData("name", AttributeScope.Intrinsic, "name")]
    [InlineData("status", AttributeScope.Intrinsic, "status")]
    public void Parses_scoped_tags(string tag, AttributeScope scope, string name)
    {
        Assert.True(TagReference.TryParseScoped(tag, out var reference));
        Assert.Equal(scope, reference.Scope);
        Assert.Equal(name, reference.Name);
    }

    [Theory]
    [InlineData("service.name")]
    [InlineData("resource.")]
    [InlineData(".")]
    [InlineData("")]
    public void Rejects_unscoped_or_empty_v2_tags(string tag) => Assert.False(TagReference.TryParseScoped(tag, out _));

    [Fact]
    public void V1_tags_are_attributes_unless_intrinsic()
    {
        Assert.Equal(AttributeRef.Unscoped("service.name"), TagReference.ParseUnscoped("service.name"));
        Assert.Equal(Intrinsic.Name, TagReference.ParseUnscoped("name").Intrinsic);
    }
}
