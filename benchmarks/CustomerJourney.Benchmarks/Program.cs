using BenchmarkDotNet.Running;
using CustomerJourney.Benchmarks;

if (args.Contains("--memory"))
{
    RetainedMemory.Run();
    return;
}

if (args.Length > 0 && args[0] == "--host-memory")
{
    await HostMemoryRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50_000);
    return;
}

if (args.Contains("--quick"))
{
    QuickCompare.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
