using Orrery.LogsBench;

// Usage: sections [lines] [quality]   where a chunk's bytes go
//        block [lines] [quality]      ratio on disk of one cut block
//        run [total] [pool] [writers] [runs] [keep-directory]   sustained ingest with cuts, then queries
//        query <directory> [runs]     the queries again over a directory a run left
//        decode-cost <dir>             where a chunk decode's time goes (Brotli per section vs the rest)
//        scan [lines] [runs] [dir]     full-scan and id searches over `orrery gen logs` lines (dir kept and reused when given)
switch (args.FirstOrDefault())
{
    case "sections":
        SectionBreakdown.Run(args.Length > 1 ? int.Parse(args[1]) : 200_000, args.Length > 2 ? int.Parse(args[2]) : 5);
        break;
    case "block":
        await BlockRatio.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 200_000, args.Length > 2 ? int.Parse(args[2]) : 5);
        break;
    case "run":
        await TenMillionLines.RunAsync(
            total: args.Length > 1 ? long.Parse(args[1]) : 10_000_000,
            poolLines: args.Length > 2 ? int.Parse(args[2]) : 1_000_000,
            writers: args.Length > 3 ? int.Parse(args[3]) : 4,
            runs: args.Length > 4 ? int.Parse(args[4]) : 3,
            keepDirectory: args.Length > 5 ? args[5] : null);
        break;
    case "query":
        await TenMillionLines.QueryOnlyAsync(args[1], args.Length > 2 ? int.Parse(args[2]) : 3);
        break;
    case "scan":
        await GeneratedScan.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 5_000_000, args.Length > 2 ? int.Parse(args[2]) : 5, args.Length > 3 ? args[3] : null);
        break;
    case "decode-cost":
        Orrery.LogsBench.SectionDecodeCost.Run(args[1]);
        break;
    default:
        Console.Error.WriteLine("usage: Orrery.LogsBench sections|block [lines] [quality] | run [total] [pool] [writers] [runs] [dir]");
        return 2;
}
return 0;
