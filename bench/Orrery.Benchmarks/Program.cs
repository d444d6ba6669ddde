using BenchmarkDotNet.Running;
using Orrery.Benchmarks.Metrics;

// dotnet run -c Release --project bench/Orrery.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Orrery.Benchmarks -- ingest-cost [series] [rounds] [repeats] [stage]
if (args is ["ingest-cost", .. var rest]) return IngestCostProbe.Run(rest);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
