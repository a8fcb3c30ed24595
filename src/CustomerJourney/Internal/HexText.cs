namespace CustomerJourney.Internal;

/// <summary>Checks on hexadecimal text.</summary>
internal static class HexText
{
    /// <summary>Whether every character is 0-9 or a-f.</summary>
    public static bool ContainsOnlyLowerHex(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
