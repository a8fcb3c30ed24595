using CustomerJourney.Fuzz;
using SharpFuzz;

// CustomerJourney.Fuzz TARGET            run under afl-fuzz (see fuzz.sh), reading each input from AFL
// CustomerJourney.Fuzz TARGET FILE...    run the target once per file and report the first exception (to replay a finding)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: CustomerJourney.Fuzz {string.Join('|', FuzzTargets.All.Keys)} [FILE...]");
    return 2;
}

if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        target(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: ok");
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
