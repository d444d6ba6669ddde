using Orrery.LogsBench;

// Usage: sections [lines] [brotli quality] | run (see TenMillionLines) 
switch (args.FirstOrDefault())
{
    case "sections":
        SectionBreakdown.Run(args.Length > 1 ? int.Parse(args[1]) : 200_000, args.Length > 2 ? int.Parse(args[2]) : 5);
        break;
    case "block":
        await BlockRatio.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 200_000, args.Length > 2 ? int.Parse(args[2]) : 5);
        break;
    default:
        Console.Error.WriteLine("usage: Orrery.LogsBench sections [lines] [quality]");
        return 2;
}
return 0;
