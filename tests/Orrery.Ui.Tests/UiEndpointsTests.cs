namespace Orrery.Ui.Tests;

public class UiEndpointsTests
{
    [Fact]
    public void Map_refuses_missing_backends() =>
        Assert.Throws<ArgumentNullException>(() => UiEndpoints.Map(null!, null!));
}
