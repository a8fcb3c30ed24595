using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CustomerJourney.Analytics;
using CustomerJourney.Definitions.Rules;

namespace CustomerJourney.Reporting;

/// <summary>
/// Writes a <see cref="ReportModel"/> as one self-contained HTML page: the page template, style sheet and script
/// (embedded resources of this assembly) with the model's JSON inline; no network requests and no external fonts.
/// Sections have stable ids and carry the key numbers of all journeys in <c>data-*</c> attributes.
/// </summary>
public static partial class ReportHtml
{
    private static readonly Lazy<string> Template = new(() => Resource("report.html"));
    private static readonly Lazy<string> Css = new(() => Resource("report.css"));
    private static readonly Lazy<string> Script = new(() => Resource("report.js"));

    /// <summary>The page's script (for tests and tools that check it).</summary>
    public static string ScriptSource => Script.Value;

    /// <summary>The report as HTML.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">Title and links; the defaults when <see langword="null"/>.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="ReportHtmlOptions.Validate"/>; the message names every problem).</exception>
    public static string Render(ReportModel model, ReportHtmlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ReportHtmlOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(ReportHtmlOptions)}: {string.Join(" ", problems)}", nameof(options));
        }

        var title = options.Title;
        var links = options.Links;
        var c = CultureInfo.InvariantCulture;
        var all = model.All;
        var steps = all.Funnel.Steps;
        var markov = all.Attribution.FirstOrDefault(a => a.Model == "markov")?.Channels
            .OrderByDescending(x => x.Conversions).ThenBy(x => x.Channel, StringComparer.Ordinal).FirstOrDefault();
        var kpiResults = all.Kpis.SelectMany(k => k.Kpis).ToArray();
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["lang"] = E(model.Culture),
            ["dir"] = model.RightToLeft ? "rtl" : "ltr",
            ["title"] = E(title),
            ["definition"] = E(model.Definition),
            ["css"] = Css.Value,
            ["links"] = Links(links),
            ["as-of"] = model.AsOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm", c),
            ["as-of-iso"] = model.AsOf.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", c),
            ["segment-options"] = SegmentOptions(model),
            ["journeys"] = N(all.Journeys),
            ["converted"] = N(all.Converted),
            ["conversions"] = N(all.Conversions),
            ["repeat-buyers"] = N(all.RepeatBuyers),
            ["revenue"] = all.Revenue.ToString("0.00", c),
            ["stage-count"] = N(model.Stages.Count),
            ["rule-count"] = N(model.Rules.Count),
            ["rules-holding"] = N(model.Rules.Count(r => r.Verdict == RuleVerdict.Holds)),
            ["rules-violated"] = N(model.Rules.Count(r => r.Verdict != RuleVerdict.Holds)),
            ["flow-count"] = N(all.Flows.Count),
            ["funnel-first"] = N(steps.Count == 0 ? 0 : steps[0].Customers),
            ["funnel-goal"] = N(steps.Count == 0 ? 0 : steps[all.Funnel.GoalStep].Customers),
            ["funnel-conversion"] = Math.Round(all.Funnel.Conversion, 4).ToString("0.####", c),
            ["convert-median-days"] = Days(all.Time.Convert.QuantileDays[2]),
            ["convert-p25-days"] = Days(all.Time.Convert.QuantileDays[1]),
            ["convert-observations"] = N(all.Time.Convert.Observations),
            ["flow-total"] = N(all.Flows.Sum(f => f.Count)),
            ["total-conversions"] = (all.Attribution.Count == 0 ? 0 : all.Attribution[0].Channels.Sum(x => x.Conversions)).ToString("0.###", c),
            ["markov-top"] = E(markov?.Channel ?? string.Empty),
            ["channel-count"] = N(all.Channels.Count),
            ["kpi-count"] = N(kpiResults.Length),
            ["kpis-met"] = N(kpiResults.Count(k => k.Status == KpiStatus.Met)),
            ["kpis-missed"] = N(kpiResults.Count(k => k.Status == KpiStatus.Missed)),
            ["data"] = ReportJson.Serialize(model),
            ["script"] = Script.Value,
        };

        // one pass over the template: substituted values (the CSS, the script, the JSON) are never scanned again
        return Placeholder().Replace(Template.Value, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"The report template names an unknown value '{m.Groups[1].Value}'."));
    }

    [GeneratedRegex(@"\{\{([a-z0-9-]+)\}\}")]
    private static partial Regex Placeholder();

    private static string SegmentOptions(ReportModel model)
    {
        // all journeys is the empty key; every segment is its own name, so a segment named "all" is just a segment
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<option value=\"\">All journeys ({model.All.Journeys})</option>\n");
        foreach (var segment in model.Segments)
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(segment.Name)}\">{E(segment.Name)} ({segment.Journeys})</option>\n");
        }

        return html.ToString();
    }

    private static string Links(IReadOnlyList<ReportLink> links)
    {
        if (links.Count == 0)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<nav id=\"report-links\">");
        foreach (var link in links)
        {
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"{E(link.Href)}\"{(link.Current ? " aria-current=\"page\"" : string.Empty)}>{E(link.Text)}</a> ");
        }

        return html.Append("</nav>\n").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Days(double? days) => days is { } d ? Math.Round(d, 2).ToString("0.##", CultureInfo.InvariantCulture) : string.Empty;

    private static string Resource(string name)
    {
        using var stream = typeof(ReportHtml).Assembly.GetManifestResourceStream("CustomerJourney.Reporting." + name)
            ?? throw new InvalidOperationException($"The report resource '{name}' is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
