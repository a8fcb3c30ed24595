using BenchmarkDotNet.Running;
using CustomerJourney.Benchmarks;

if (args.Contains("--memory"))
{
    RetainedMemory.Run();
    return;
}

if (args.Contains("--dashboard-model"))
{
    await DashboardModel.RunAsync(args);
    return;
}

if (args.Contains("--quick"))
{
    QuickCompare.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(DashboardModel).Assembly).Run(args);
