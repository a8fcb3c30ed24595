namespace CustomerJourney.Storage;

/// <summary>The argument checks every <see cref="IDefinitionVersionStore"/> applies.</summary>
internal static class DefinitionVersionArguments
{
    public static void Check(string version, long since)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Length is 0 or > IDefinitionVersionStore.MaxVersionLength)
        {
            throw new ArgumentException($"A definition version must have 1 to {IDefinitionVersionStore.MaxVersionLength} characters; '{version}' has {version.Length}.", nameof(version));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(since);
    }
}
