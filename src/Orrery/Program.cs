using System.CommandLine;
using Orrery.Cli;
using Orrery.Hosting;

var root = OrreryCommandLine.Create(OrreryServer.RunAsync, Environment.GetEnvironmentVariable, Console.Error);
// The host handles SIGTERM/Ctrl-C itself (graceful drain, then the store is flushed), so
// System.CommandLine must not also install a handler that kills the process after a timeout.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
