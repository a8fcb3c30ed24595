using CustomerJourney.AspNetCore;
using CustomerJourney.Reporting;
using CustomerJourney.Templates;
using Microsoft.AspNetCore.Builder;

namespace CustomerJourney.Tests.Reporting;

/// <summary>The report's and the dashboard's options: <c>Validate()</c> lists every problem; the consumer throws one exception naming them all.</summary>
public sealed class ReportOptionsTests
{
    [Fact]
    public void Defaults_HaveNoProblem()
    {
        Assert.Empty(new ReportHtmlOptions().Validate());
        Assert.Empty(new JourneyDashboardOptions().Validate());
    }

    [Fact]
    public void Render_InvalidOptions_ThrowsNamingEveryProblem()
    {
        var model = ReportModel.Build(JourneyTemplates.FiveStage, [], DateTimeOffset.UnixEpoch);
        var options = new ReportHtmlOptions { Title = null!, Links = [new ReportLink { Text = "a", Href = "/a" }, null!] };

        Assert.Equal(2, options.Validate().Count);
        var ex = Assert.Throws<ArgumentException>(() => ReportHtml.Render(model, options));
        Assert.Equal("options", ex.ParamName);
        Assert.Contains("Title", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Links[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SettableOptions_AreUsed()
    {
        var model = ReportModel.Build(JourneyTemplates.FiveStage, [], DateTimeOffset.UnixEpoch);
        var options = new ReportHtmlOptions();
        options.Title = "Our journeys";
        options.Links = [new ReportLink { Text = "Other", Href = "/other", Current = true }];

        var html = ReportHtml.Render(model, options);

        Assert.Contains("Our journeys", html, StringComparison.Ordinal);
        Assert.Contains("/other", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapJourneyDashboard_InvalidOptions_ThrowNamingEveryProblem()
    {
        await using var app = WebApplication.CreateBuilder().Build();

        var ex = Assert.Throws<ArgumentException>(() => app.MapJourneyDashboard("/journeys", o =>
        {
            o.RefreshInterval = TimeSpan.FromSeconds(-1);
            o.AuthorizationPolicy = " ";
            o.Title = null!;
        }));

        Assert.Equal("configure", ex.ParamName);
        foreach (var name in new[] { "RefreshInterval", "AuthorizationPolicy", "Title" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }
}
