using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Orrery.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
