using CustomerJourney.Fuzz;

namespace CustomerJourney.Tests.Fuzz;

/// <summary>
/// Replays the committed fuzz corpus (seeds, and every input a fuzzer found crashing, named <c>finding-*</c>) through
/// the same targets <c>tests/CustomerJourney.Fuzz</c> runs under AFL++: none may throw.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        var root = Path.Combine(AppContext.BaseDirectory, "FuzzCorpus");
        foreach (var target in FuzzTargets.All.Keys)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, target)).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Target_CorpusInput_IsAnsweredWithoutAnUndocumentedException(string target, string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "FuzzCorpus", target, file));

        FuzzTargets.All[target](bytes);
    }

    [Fact]
    public void Corpus_HasSeedsForEveryTargetAndTheFindings()
    {
        var inputs = Inputs().Select(row => row.Data).ToList();

        Assert.All(FuzzTargets.All.Keys, target => Assert.Contains(inputs, i => i.Item1 == target));
        Assert.Contains(("definition", "finding-invalid-utf8-property.json"), inputs);
    }
}
