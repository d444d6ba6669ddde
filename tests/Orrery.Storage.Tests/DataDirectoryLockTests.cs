namespace Orrery.Storage.Tests;

public class DataDirectoryLockTests
{
    [Fact]
    public void A_second_holder_is_refused_until_the_first_lets_go()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orrery-lock-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = DataDirectoryLock.Acquire(directory);
            var refused = Assert.Throws<IOException>(() => DataDirectoryLock.Acquire(directory));
            Assert.Contains("in use by another Orrery process", refused.Message);

            first.Dispose();
            DataDirectoryLock.Acquire(directory).Dispose();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
