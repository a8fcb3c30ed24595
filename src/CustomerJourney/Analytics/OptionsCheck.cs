namespace CustomerJourney.Analytics;

/// <summary>Turns an options type's <c>Validate()</c> problems into one <see cref="ArgumentException"/> naming them all.</summary>
internal static class OptionsCheck
{
    public static void ThrowIfInvalid(IReadOnlyList<string> problems, string typeName, string paramName)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {typeName}: {string.Join(" ", problems)}", paramName);
        }
    }
}
