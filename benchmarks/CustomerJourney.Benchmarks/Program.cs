using BenchmarkDotNet.Running;
using CustomerJourney.Benchmarks;

if (args.Contains("--memory"))
{
    RetainedMemory.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
