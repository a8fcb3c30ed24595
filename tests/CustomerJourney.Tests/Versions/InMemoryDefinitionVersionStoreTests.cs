using CustomerJourney.Storage;

namespace CustomerJourney.Tests.Versions;

/// <summary>The definition-version contract on <see cref="InMemoryJourneyStore"/>.</summary>
public sealed class InMemoryDefinitionVersionStoreTests : DefinitionVersionStoreContract
{
    protected override Task<IJourneyStore> CreateStoreAsync() => Task.FromResult<IJourneyStore>(new InMemoryJourneyStore());

    protected override Task<IJourneyStore> ReopenAsync(IJourneyStore store) => Task.FromResult(store);
}
