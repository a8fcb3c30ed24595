using CustomerJourney.Engine;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Tracking;

/// <summary>The tracker shard's open-addressing map agrees with a dictionary under random adds, sets and removes, colliding hashes included.</summary>
public sealed class JourneyMapTests
{
    private static readonly JourneyEngine Engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 64)]
    [InlineData(3, 100_000)]
    public void RandomOperations_AgreeWithADictionary(int seed, int hashRange)
    {
        var random = new Random(seed);
        var map = new JourneyMap();
        var expected = new Dictionary<string, Journey>(StringComparer.Ordinal);
        // few distinct hashes (hashRange 3) force long probe runs, wrap-around and backward shifts on removal
        int HashOf(string id) => (int)((uint)id.GetHashCode() % (uint)hashRange) * 0x01000193;
        for (var step = 0; step < 20_000; step++)
        {
            var id = $"c{random.Next(600)}";
            var hash = HashOf(id);
            switch (random.Next(3))
            {
                case 0 when !expected.ContainsKey(id):
                    var added = new Journey(Engine, id);
                    map.Add(added, hash);
                    expected[id] = added;
                    break;
                case 1:
                    var replaced = new Journey(Engine, id);
                    map.Set(replaced, hash);
                    expected[id] = replaced;
                    break;
                case 2:
                    Assert.Equal(expected.Remove(id), map.Remove(id, hash));
                    break;
            }

            Assert.Same(expected.GetValueOrDefault(id), map.Find(id, hash));
            if (step % 1000 == 0)
            {
                Assert.Equal(expected.Count, map.Count);
                Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), map.Values.Select(j => j.CustomerId).Order(StringComparer.Ordinal));
                foreach (var (key, journey) in expected)
                {
                    Assert.Same(journey, map.Find(key, HashOf(key)));
                }
            }
        }
    }
}
