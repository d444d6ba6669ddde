using Orrery.HeadMemory;

// dotnet run -c Release --project bench/Orrery.HeadMemory -- store|breakdown SERIES ROUNDS
// (GC mode from the environment: DOTNET_gcServer=0, DOTNET_gcConcurrent=0, DOTNET_GCConserveMemory=N.)
if (args.Length != 3 || args[0] is not ("store" or "breakdown"))
{
    Console.Error.WriteLine("usage: Orrery.HeadMemory store|breakdown SERIES ROUNDS");
    return 2;
}
var load = new GeneratedLoad(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
if (args[0] == "store") await StoreProbe.RunAsync(load);
else
{
    await BreakdownProbe.RunAsync(load);
    Console.WriteLine();
    OpenChunkProbe.Run(Math.Min(load.Series, 20_000));
}
return 0;
