using CustomerJourney.Storage;

namespace CustomerJourney.Tests.Storage;

public sealed class InMemoryJourneyStoreTests : JourneyStoreContract
{
    protected override Task<IJourneyStore> CreateStoreAsync() => Task.FromResult<IJourneyStore>(new InMemoryJourneyStore());
}
