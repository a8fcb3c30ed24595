namespace CustomerJourney.Cli;

/// <summary>Exception messages fit for one line of a terminal.</summary>
internal static class CliText
{
    /// <summary>The message without .NET's "(Parameter 'x')" suffix and without anything after its first line.</summary>
    public static string Message(Exception exception)
    {
        var message = exception.Message;
        if (exception is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            var at = message.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message.Remove(at, suffix.Length);
            }

            if (exception is ArgumentOutOfRangeException)
            {
                var cut = message.IndexOf("\nActual value was", StringComparison.Ordinal);
                message = cut < 0 ? message : message[..cut];
            }
        }

        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
