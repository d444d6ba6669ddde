using Orrery.Pipeline.Components;

namespace Orrery.Pipeline.Tests.Components;

public sealed class PeriodicWorkTests
{
    [Fact]
    public async Task Disposing_waits_for_a_run_still_going()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = false;
        var work = PeriodicWork.Start(true, TimeProvider.System, TimeSpan.FromMilliseconds(5), async () =>
        {
            started.TrySetResult();
            await gate.Task;
            finished = true;
        })!;
        await started.Task;

        var disposing = work.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted); // the run cannot end before the gate opens
        gate.SetResult();
        await disposing;

        Assert.True(finished);
    }
}
