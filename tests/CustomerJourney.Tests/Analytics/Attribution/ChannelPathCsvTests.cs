using System.Text;
using CustomerJourney.Analytics.Attribution;

namespace CustomerJourney.Tests.Analytics.Attribution;

public sealed class ChannelPathCsvTests
{
    public static string RealFile => Path.Combine(AppContext.BaseDirectory, "Data", "channel-paths.csv");

    private const string Header = "path;total_conversions;total_conversion_value;total_null\n";

    [Fact]
    public void ReadFile_RealExample_Has10000PathsAnd19785Conversions()
    {
        var data = ChannelPathCsv.ReadFile(RealFile);

        Assert.Equal(10_000, data.Count);
        Assert.Equal(19_785, data.TotalConversions);
        Assert.Equal(68_602, data.TotalNulls);
        Assert.Equal(74_802.97158721, (double)data.TotalValue, 6);
        Assert.Equal(12, data.Channels.Count);
        Assert.Equal(89, Enumerable.Range(0, data.Count).Max(i => data.GetPath(i).Channels.Count));
    }

    [Fact]
    public void Parse_WellFormedRows_KeepsChannelsCountsAndOrder()
    {
        var data = ChannelPathCsv.Parse(Header + "eta > iota > alpha > eta;1;0.244;3\n\nbeta;0;0;2\n");

        Assert.Equal(2, data.Count);
        Assert.Equal(["alpha", "beta", "eta", "iota"], data.Channels);
        var first = data.GetPath(0);
        Assert.Equal(["eta", "iota", "alpha", "eta"], first.Channels);
        Assert.Equal((1, 0.244m, 3), (first.Conversions, first.Value, first.Nulls));
    }

    [Fact]
    public void Parse_CustomSeparatorsWithoutHeader_Reads()
    {
        var options = new ChannelPathCsvOptions { ColumnSeparator = ',', ChannelSeparator = "|", HasHeader = false };

        var data = ChannelPathCsv.Parse("a|b|a,2,5.5,1\nb,1,1e2,0\n", options);

        Assert.Equal(3, data.TotalConversions);
        Assert.Equal(105.5m, data.TotalValue);
        Assert.Equal(["a", "b", "a"], data.GetPath(0).Channels);
    }

    [Fact]
    public void Read_Stream_Reads()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Header + "a > b;1;2;3\n"));

        var data = ChannelPathCsv.Read(stream);

        Assert.Equal(1, data.Count);
    }

    [Theory]
    [InlineData("a > b;1;2", "3 columns")]
    [InlineData("a > b;1;2;3;4", "5 columns")]
    [InlineData("a > b;x;2;3", "total_conversions 'x' is not a number")]
    [InlineData("a > b;1;2,5;3", "total_conversion_value '2,5' is not a number")]
    [InlineData("a > b;1;2;-3", "total_null -3 is negative")]
    [InlineData("a > b;NaN;2;3", "total_conversions 'NaN' is not finite")]
    [InlineData("a > b;1;Infinity;3", "total_conversion_value 'Infinity' is not finite")]
    [InlineData(" ;1;2;3", "the path is empty")]
    [InlineData("a >  > b;1;2;3", "channel 2 of the path is empty")]
    [InlineData("a > b >;1;2;3", "channel 3 of the path is empty")]
    public void Parse_MalformedRow_ThrowsWithLineNumber(string row, string problem)
    {
        var text = Header + "a > b;1;2;3\n" + row + "\nc;1;1;1\n";

        var ex = Assert.Throws<PathDataFormatException>(() => ChannelPathCsv.Parse(text));

        Assert.Equal(3, ex.LineNumber);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.StartsWith("line 3: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderWithWrongColumnCount_ThrowsOnLineOne()
    {
        var ex = Assert.Throws<PathDataFormatException>(() => ChannelPathCsv.Parse("path,conversions\na;1;2;3\n"));

        Assert.Equal(1, ex.LineNumber);
    }
}
