namespace CustomerJourney.Analytics;

/// <summary>Options of <see cref="TouchpointKpiAnalysis"/>.</summary>
/// <param name="Filter">Which journeys; all when <see langword="null"/>.</param>
/// <param name="AttributedConversions">Attributed conversions per touchpoint id (e.g. from attribution); those KPIs are not measured when <see langword="null"/> or missing a touchpoint.</param>
/// <param name="AttributedValue">Attributed conversion value per touchpoint id; those KPIs are not measured when <see langword="null"/> or missing a touchpoint.</param>
public sealed record KpiOptions(
    JourneyFilter? Filter = null,
    IReadOnlyDictionary<string, decimal>? AttributedConversions = null,
    IReadOnlyDictionary<string, decimal>? AttributedValue = null);
