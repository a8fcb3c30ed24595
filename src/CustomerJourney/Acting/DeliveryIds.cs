using System.Globalization;

namespace CustomerJourney.Acting;

/// <summary>Delivery ids: stable across retries, re-drives and restarts.</summary>
public static class DeliveryIds
{
    /// <summary>The delivery id of the transition at <paramref name="position"/> for <paramref name="handler"/>: <c>{position}:{handler}</c>.</summary>
    /// <param name="position">The transition's position in the store's log.</param>
    /// <param name="handler">The handler's registered name.</param>
    /// <returns>The delivery id.</returns>
    public static string Of(long position, string handler) => string.Create(CultureInfo.InvariantCulture, $"{position}:{handler}");
}
