using System.Security.Cryptography;
using System.Text;
using CustomerJourney.Privacy;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Privacy;

public sealed class CustomerIdPseudonymizerTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Pseudonymize_IsTheKeyedHashPrefixed()
    {
        var expected = "p-" + Convert.ToHexString(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("customer-42")).AsSpan(0, 20)).ToLowerInvariant();

        var pseudonym = new CustomerIdPseudonymizer(Key).Pseudonymize("customer-42");

        Assert.Equal(expected, pseudonym);
        Assert.Equal(42, pseudonym.Length);
    }

    [Fact]
    public void Pseudonymize_SameKeySameId_SamePseudonym_OtherKeyOrIdDiffers()
    {
        var other = Key.Select(b => (byte)(b ^ 0xFF)).ToArray();
        var a = new CustomerIdPseudonymizer(Key);

        Assert.Equal(a.Pseudonymize("c1"), new CustomerIdPseudonymizer(Key).Pseudonymize("c1"));
        Assert.NotEqual(a.Pseudonymize("c1"), a.Pseudonymize("c2"));
        Assert.NotEqual(a.Pseudonymize("c1"), new CustomerIdPseudonymizer(other).Pseudonymize("c1"));
    }

    [Fact]
    public void Constructor_ShortKey_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CustomerIdPseudonymizer(new byte[31]));

        Assert.Contains("at least 32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackedPseudonymousEvents_StoreNoCustomerIdButGroupByCustomer()
    {
        var pseudonyms = new CustomerIdPseudonymizer(Key);
        var store = new InMemoryJourneyStore();
        var tracker = new StoreBackedJourneyTracker(Engine.JourneyEngine.Compile(JourneyTemplates.FiveStage), store);
        var at = DateTimeOffset.UtcNow.AddHours(-1);

        await tracker.TrackAsync(pseudonyms.Pseudonymize(new TouchpointEvent("e1", "alice@example.com", "search-ad", at)), TestContext.Current.CancellationToken);
        await tracker.TrackAsync(pseudonyms.Pseudonymize(new TouchpointEvent("e2", "alice@example.com", "web-shop-checkout", at.AddMinutes(5))), TestContext.Current.CancellationToken);

        var stored = new List<StoredJourney>();
        await foreach (var journey in store.ReadAllAsync("five-stage", TestContext.Current.CancellationToken))
        {
            stored.Add(journey);
        }

        var only = Assert.Single(stored);
        Assert.Equal(2, only.Events.Count);
        Assert.All(only.Events, e => Assert.Equal(pseudonyms.Pseudonymize("alice@example.com"), e.CustomerId));
        Assert.DoesNotContain(only.Events, e => e.CustomerId.Contains("alice", StringComparison.Ordinal));
    }
}
