using System.Runtime.InteropServices;

namespace Orrery.Storage.Embedded;

/// <summary>
/// One dedicated thread at a lowered scheduling priority that runs the background cut,
/// checkpoint and compaction rounds, so a dashboard query (and ingest) gets the cores first when
/// both want them. Measured on the 2-core bench box: a compaction on a normal-priority thread
/// stretched concurrent 80-series range queries to p90 5.3 ms / max 74 ms; at nice 10, p90 2.3 ms /
/// max 9.6 ms, with the compaction itself just as long on an otherwise idle machine.
/// </summary>
/// <remarks>
/// A dedicated thread, not a thread-pool one: an unprivileged process can lower a thread's
/// priority but not raise it again, so a pool thread lowered once would serve queries slowly forever.
/// </remarks>
internal sealed class MaintenanceThread : IDisposable
{
    /// <summary>Linux nice value of the thread (0 normal, 19 lowest): low enough to yield, high enough to finish under load.</summary>
    public const int Niceness = 10;

    private readonly System.Collections.Concurrent.BlockingCollection<WorkItem> _queue = new();
    private readonly Thread _thread;

    public MaintenanceThread(string name)
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>True once the thread's priority was lowered (false where the OS refused or has no per-thread nice).</summary>
    public bool Lowered { get; private set; }

    /// <summary>
    /// Queues <paramref name="work"/> on the thread; the task completes when it has run, faulted
    /// with its exception if it threw. Callers await instead of blocking a thread-pool thread for
    /// the seconds a compaction takes.
    /// </summary>
    public Task RunAsync(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new WorkItem(work);
        try
        {
            _queue.Add(item);
        }
        catch (InvalidOperationException)
        {
            return Task.FromException(new ObjectDisposedException(nameof(MaintenanceThread)));
        }
        return item.Done.Task;
    }

    /// <summary>Lets queued work finish, then ends the thread.</summary>
    public void Dispose()
    {
        if (_queue.IsAddingCompleted) return;
        _queue.CompleteAdding();
        if (Thread.CurrentThread != _thread) _thread.Join();
        _queue.Dispose();
    }

    private void Loop()
    {
        Lowered = LowerOwnPriority();
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            try
            {
                item.Work();
                item.Done.SetResult();
            }
            catch (Exception e)
            {
                item.Done.SetException(e);
            }
        }
    }

    private static bool LowerOwnPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            // On Linux, PRIO_PROCESS with who = 0 is the calling thread, not the whole process.
            try
            {
                return SetPriority(PrioProcess, 0, Niceness) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
        // Elsewhere the runtime maps this to the OS thread priority.
        Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        return true;
    }

    private const int PrioProcess = 0;

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    private sealed class WorkItem(Action work)
    {
        public Action Work { get; } = work;

        /// <summary>Continuations run on the pool, never on the maintenance thread at its lowered priority.</summary>
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
