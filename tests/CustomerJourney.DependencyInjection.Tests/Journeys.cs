using CustomerJourney.Definitions;

namespace CustomerJourney.DependencyInjection.Tests;

/// <summary>Small definitions for the tests.</summary>
internal static class Journeys
{
    /// <summary>lead -(upgrade, guard "vip")-> customer; "customer" is the goal.</summary>
    public static void VipOnly(JourneyBuilder b) => b
        .StartAt("lead")
        .Touchpoint("upgrade", "web")
        .Stage("lead", s => s.Permit("upgrade", "customer", guard: "vip"))
        .Stage("customer", s => s.Goal().Terminal());

    /// <summary>Starts at a stage that does not exist, moves to another that does not exist, names an unbound guard.</summary>
    public static void Broken(JourneyBuilder b) => b
        .StartAt("nowhere")
        .Touchpoint("upgrade", "web")
        .Stage("lead", s => s.Permit("upgrade", "missing", guard: "unbound"))
        .Stage("customer", s => s.Goal().Terminal());
}
