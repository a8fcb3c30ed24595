using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CustomerJourney.Internal;

namespace CustomerJourney.Definitions;

/// <summary>
/// Which version of a definition a journey was folded with: the declared <see cref="JourneyDefinition.Version"/> number
/// and a content hash of the definition's canonical JSON (<see cref="JourneyJson.Serialize"/>, unindented). Two
/// definitions have the same version exactly when their canonical JSON is the same, so an edit that forgot to raise the
/// number still counts as a new version; the number is for people, the hash for machines. Written as
/// <c>NUMBER-HASH</c>, e.g. <c>3-9f2c4a1b7e0d5c33</c>.
/// </summary>
/// <param name="Number">The declared version number (the definition's <c>version</c>).</param>
/// <param name="Hash">The first 16 lowercase hexadecimal digits of the SHA-256 of the canonical JSON.</param>
public readonly record struct DefinitionVersion(int Number, string Hash)
{
    /// <summary>The number of hexadecimal digits of <see cref="Hash"/>.</summary>
    public const int HashLength = 16;

    /// <summary>The version of <paramref name="definition"/>.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>Its version.</returns>
    public static DefinitionVersion Of(JourneyDefinition definition)
    {
        Guard.NotNull(definition);
        var json = JourneyJson.Serialize(definition, indented: false);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(json));
        return new DefinitionVersion(definition.Version, Convert.ToHexString(digest, 0, HashLength / 2).ToLowerInvariant());
    }

    /// <summary>Reads a version written as <c>NUMBER-HASH</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="version">The version, when the text is one.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a version.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DefinitionVersion version)
    {
        version = default;
        var dash = text?.LastIndexOf('-') ?? -1;
        if (dash <= 0
            || text!.Length - dash - 1 != HashLength
            || !int.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !text.AsSpan(dash + 1).ContainsOnlyLowerHex())
        {
            return false;
        }

        version = new DefinitionVersion(number, text[(dash + 1)..]);
        return true;
    }

    /// <summary>Reads a version written as <c>NUMBER-HASH</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException">The text is not a version.</exception>
    public static DefinitionVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a definition version (NUMBER-HASH, with {HashLength} lowercase hexadecimal digits).");

    /// <summary>The version as <c>NUMBER-HASH</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number}-{Hash}");
}
