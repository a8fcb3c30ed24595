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

if (args.Contains("--profile-track"))
{
    // a steady loop of the in-memory tracker's hot path, to attach a sampling profiler to (e.g. perf with DOTNET_PerfMapEnabled=1)
    var scenario = new Scenario(10_000);
    var tracker = new CustomerJourney.Tracking.JourneyTracker(scenario.Engine);
    for (var round = 0; round < 400; round++)
    {
        tracker = new CustomerJourney.Tracking.JourneyTracker(scenario.Engine);
        foreach (var e in scenario.WarmEvents)
        {
            tracker.Track(e);
        }

        foreach (var e in scenario.Events)
        {
            tracker.Track(e);
        }
    }

    Console.WriteLine(tracker.Count);
    return;
}

if (args.Contains("--dashboard-model"))
{
    await DashboardModel.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "--identity")
{
    await IdentityRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000);
    return;
}

if (args.Length > 0 && args[0] == "--dispatch")
{
    await CustomerJourney.Benchmarks.DispatchRun.RunAsync(args);
    return;
}

if (args.Contains("--quick"))
{
    QuickCompare.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(DashboardModel).Assembly).Run(args);
