using CustomerJourney.Definitions;

namespace CustomerJourney.Tests.Versions;

/// <summary>Two versions of a small shop: in v1 an ad brings a visitor to interest, in v2 straight to the cart.</summary>
internal static class VersionedDefinitions
{
    public static JourneyDefinition V1 { get; } = Build(1, "interest");

    public static JourneyDefinition V2 { get; } = Build(2, "cart");

    private static JourneyDefinition Build(int version, string adTarget) =>
        new JourneyBuilder("shop", version)
            .Stage("visitor", s => s.Permit("ad", adTarget).Permit("checkout", "interest").InternalTransition("browse"))
            .Stage("interest", s => s.Permit("checkout", "cart").InternalTransition("browse").InternalTransition("ad"))
            .Stage("cart", s => s.Goal().Terminal().PermitReentry("checkout").InternalTransition("browse").InternalTransition("ad"))
            .Touchpoint("ad", "ads")
            .Touchpoint("browse", "web")
            .Touchpoint("checkout", "web-shop")
            .StartAt("visitor")
            .Build();
}
