using System.Globalization;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// The one rule for event times in files, CSV and JSON Lines alike: ISO 8601 / RFC 3339 date and time
/// (<c>2025-06-01T10:00:00Z</c>, <c>2025-06-01T12:00:00+02:00</c>, fractions of seconds allowed, a space instead of
/// <c>T</c> allowed); a time without an offset is UTC. Anything else (<c>01/02/2025</c>, a date alone, a month name) is
/// malformed: a file's times never depend on the culture or time zone of the machine that reads it.
/// </summary>
internal static class EventTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
    ];

    /// <summary>Parses <paramref name="text"/> under the rule above.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        // the common shape first: yyyy-MM-ddTHH:mm:ssZ
        if (text.Length == 20 && text[10] == 'T' && text[19] == 'Z'
            && TryDigits(text[..4], out var year) && text[4] == '-' && TryDigits(text.Slice(5, 2), out var month) && text[7] == '-'
            && TryDigits(text.Slice(8, 2), out var day) && TryDigits(text.Slice(11, 2), out var hour) && text[13] == ':'
            && TryDigits(text.Slice(14, 2), out var minute) && text[16] == ':' && TryDigits(text.Slice(17, 2), out var second)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month) && year >= 1
            && hour < 24 && minute < 60 && second < 60)
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
