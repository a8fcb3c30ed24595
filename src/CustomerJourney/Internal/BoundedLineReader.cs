using System.Text;

namespace CustomerJourney.Internal;

/// <summary>
/// Reads lines (ended by <c>\n</c>, <c>\r\n</c> or <c>\r</c>) like <see cref="TextReader.ReadLine"/>, but never holds more
/// than <c>maxLength</c> characters of one line: a longer line is reported by <see cref="ReadLine"/> returning
/// <see langword="false"/> with <c>tooLong</c> set, after the rest of it has been skipped in fixed-size chunks.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    private readonly char[] _buffer = new char[16384];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;
    private bool _skipLineFeed;

    /// <summary>Reads the next line; <see langword="false"/> at the end of the text.</summary>
    /// <param name="line">The line without its terminator; empty when <paramref name="tooLong"/>.</param>
    /// <param name="tooLong">Whether the line was longer than the limit (and was skipped).</param>
    public bool ReadLine(out string line, out bool tooLong)
    {
        _line.Clear();
        tooLong = false;
        line = string.Empty;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = reader.Read(_buffer, 0, _buffer.Length);
                if (_end == 0)
                {
                    if (!any)
                    {
                        return false;
                    }

                    line = tooLong ? string.Empty : _line.ToString();
                    return true;
                }
            }

            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_start] == '\n')
                {
                    _start++;
                    continue;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            var cut = span.IndexOfAny('\r', '\n');
            var take = cut < 0 ? span.Length : cut;
            if (!tooLong)
            {
                if (_line.Length + take > maxLength)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(span[..take]);
                }
            }

            if (cut < 0)
            {
                _start = _end;
                continue;
            }

            _skipLineFeed = span[cut] == '\r';
            _start += cut + 1;
            line = tooLong ? string.Empty : _line.ToString();
            return true;
        }
    }
}
