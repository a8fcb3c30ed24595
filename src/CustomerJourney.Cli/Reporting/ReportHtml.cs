using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CustomerJourney.Analytics;

namespace CustomerJourney.Cli.Reporting;

/// <summary>
/// Writes a <see cref="ReportModel"/> as one self-contained HTML file: inline CSS, inline SVG drawn by an inline
/// script from inline JSON; no network requests and no external fonts. Sections have stable ids and carry the key
/// numbers of all journeys in <c>data-*</c> attributes.
/// </summary>
/// <remarks>
/// Lives in the CLI next to the commands that write it: it is a presentation of the library's analytics, not an API
/// (nothing in it is needed to track or analyse journeys), so it does not widen the library's public surface.
/// </remarks>
internal static class ReportHtml
{
    /// <summary>The report as HTML.</summary>
    public static string Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = CultureInfo.InvariantCulture;
        var all = model.All;
        var first = all.Funnel.Steps.Count == 0 ? 0 : all.Funnel.Steps[0].Customers;
        var goal = all.Funnel.Steps.FirstOrDefault(s => model.Stages.Any(x => x.Id == s.Stage && x.Goal))?.Customers ?? 0;
        var markov = all.Attribution.FirstOrDefault(a => a.Model == "markov")?.Channels.OrderByDescending(x => x.Conversions).ThenBy(x => x.Channel, StringComparer.Ordinal).FirstOrDefault();
        var kpiResults = all.Kpis.SelectMany(k => k.Kpis).ToArray();
        var html = new StringBuilder(64 * 1024);
        html.Append(c, $"""
            <!DOCTYPE html>
            <html lang="{model.Culture}" dir="{(model.RightToLeft ? "rtl" : "ltr")}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <title>Customer journey report: {E(model.Definition)}</title>
            <style>{Css}</style>
            </head>
            <body data-status="loading" data-definition="{E(model.Definition)}" data-culture="{model.Culture}">
            <header>
            <h1>Customer journey report <span class="muted">{E(model.Definition)}</span></h1>
            <p class="muted">As of {model.AsOf.ToString("yyyy-MM-dd HH:mm", c)} UTC &middot; stage names: {model.Culture}</p>
            <label for="segment-select">Segment</label>
            <select id="segment-select">
            """);
        foreach (var segment in model.Segments)
        {
            html.Append(c, $"""<option value="{E(segment.Name)}">{E(segment.Name)} ({segment.Journeys})</option>""").Append('\n');
        }

        html.Append(c, $"""
            </select>
            <pre id="report-errors" hidden></pre>
            </header>
            <main>
            <section id="summary" data-journeys="{all.Journeys}" data-converted="{all.Converted}" data-conversions="{all.Conversions}" data-repeat-buyers="{all.RepeatBuyers}" data-revenue="{all.Revenue.ToString("0.00", c)}">
            <h2>Summary</h2><div class="cards"></div>
            </section>
            <section id="graph" data-stages="{model.Stages.Count}" data-flows="{all.Flows.Count}">
            <h2>Stage graph with real traffic</h2>
            <p class="help">Circles are stages, their area proportional to the customers who ever entered them. Arcs above go forward, arcs below loop back; their width is the number of moves.</p>
            <div class="chart"></div>
            </section>
            <section id="funnel" data-funnel-first="{first}" data-funnel-goal="{goal}">
            <h2>Funnel</h2>
            <p class="help">Customers who reached each stage after the ones before it, with conversion from the previous stage; below, the same funnel per pass through the first stage.</p>
            <div class="chart"></div><div class="passes"></div>
            </section>
            <section id="time" data-convert-median-days="{Days(all.Time.TimeToConvert.Median)}" data-convert-p25-days="{Days(all.Time.TimeToConvert.Quantile(0.25))}" data-convert-observations="{all.Time.TimeToConvert.Observations}">
            <h2>Time in stage and time to convert</h2>
            <p class="help">Kaplan–Meier estimates: customers still in a stage are counted as censored, not dropped. Whiskers span the 10th to 90th percentile, the box the 25th to 75th, the line is the median.</p>
            <div class="chart"></div><div class="chart convert"></div>
            </section>
            <section id="flows" data-flow-total="{all.Flows.Sum(f => f.Count)}">
            <h2>Flows between stages</h2>
            <p class="help">Sankey-style: bands left to right move forward, bands looping underneath go back to an earlier stage. Band thickness is the number of moves.</p>
            <div class="chart"></div><div class="paths"></div>
            </section>
            <section id="attribution" data-total-conversions="{(all.Attribution.Count == 0 ? 0 : all.Attribution[0].Channels.Sum(x => x.Conversions)).ToString("0.###", c)}" data-markov-top="{E(markov?.Channel ?? "")}" data-channels="{all.Channels.Count}">
            <h2>Attribution by channel</h2>
            <p class="help">First conversions credited to channels by each model, side by side. Paths are the channels touched up to the first purchase; journeys that never bought count as paths without conversion (Markov and Shapley use them).</p>
            <div class="chart"></div><div class="table"></div>
            </section>
            <section id="touchpoints" data-kpis="{kpiResults.Length}" data-kpis-met="{kpiResults.Count(k => k.Status == KpiStatus.Met)}" data-kpis-missed="{kpiResults.Count(k => k.Status == KpiStatus.Missed)}">
            <h2>Touchpoints and KPIs</h2>
            <p class="help">Each touchpoint's owner and task, its KPI targets and what was measured (attributed conversions and revenue by a Markov model over touchpoints).</p>
            <div class="table"></div>
            </section>
            </main>
            <script type="application/json" id="report-data">
            """);
        html.Append(Json(model));
        html.Append("</script>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Days(TimeSpan? time) => time is { } t ? Math.Round(t.TotalDays, 2).ToString("0.##", CultureInfo.InvariantCulture) : "";

    private static string Json(ReportModel model)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("definition", model.Definition);
            json.WriteString("culture", model.Culture);
            json.WriteBoolean("rtl", model.RightToLeft);
            json.WriteStartArray("stages");
            foreach (var stage in model.Stages)
            {
                json.WriteStartObject();
                json.WriteString("id", stage.Id);
                json.WriteString("name", stage.Name);
                json.WriteBoolean("goal", stage.Goal);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Strings(json, "funnelStages", model.FunnelStages);
            Strings(json, "models", model.Models);
            json.WriteStartObject("segments");
            foreach (var segment in model.Segments)
            {
                json.WritePropertyName(segment.Name);
                Segment(json, segment);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        // the default encoder escapes <, > and &, so the JSON cannot close the script element
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Segment(Utf8JsonWriter json, SegmentReport s)
    {
        json.WriteStartObject();
        json.WriteNumber("journeys", s.Journeys);
        json.WriteNumber("converted", s.Converted);
        json.WriteNumber("conversions", s.Conversions);
        json.WriteNumber("repeatBuyers", s.RepeatBuyers);
        json.WriteNumber("revenue", Math.Round(s.Revenue, 2));
        json.WriteStartArray("stages");
        foreach (var stage in s.Stages)
        {
            json.WriteStartArray();
            json.WriteStringValue(stage.Stage);
            json.WriteNumberValue(stage.Reached);
            json.WriteNumberValue(stage.Current);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("flows");
        foreach (var flow in s.Flows)
        {
            json.WriteStartArray();
            json.WriteStringValue(flow.From);
            json.WriteStringValue(flow.To);
            json.WriteNumberValue(flow.Count);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("topPaths");
        foreach (var path in s.TopPaths)
        {
            json.WriteStartObject();
            Strings(json, "path", path.Path);
            json.WriteNumber("count", path.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("funnel");
        json.WriteStartArray("steps");
        foreach (var step in s.Funnel.Steps)
        {
            json.WriteStartObject();
            json.WriteString("stage", step.Stage);
            json.WriteNumber("customers", step.Customers);
            json.WriteNumber("fromPrevious", Math.Round(step.ConversionFromPrevious, 4));
            json.WriteNumber("fromStart", Math.Round(step.ConversionFromStart, 4));
            json.WriteNumber("dropOff", step.DropOff);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("passes");
        foreach (var pass in s.Funnel.Passes)
        {
            json.WriteStartObject();
            json.WriteNumber("pass", pass.Pass);
            json.WriteStartArray("customers");
            foreach (var count in pass.Customers)
            {
                json.WriteNumberValue(count);
            }

            json.WriteEndArray();
            json.WriteNumber("conversion", Math.Round(pass.Conversion, 4));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("time");
        json.WriteStartArray("stages");
        foreach (var stage in s.Time.Stages)
        {
            json.WriteStartObject();
            json.WriteString("stage", stage.Stage);
            Curve(json, stage.Time, withPoints: false);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("convert");
        Curve(json, s.Time.TimeToConvert, withPoints: true);
        json.WriteEndObject();
        json.WriteEndObject();
        Strings(json, "channels", s.Channels);
        json.WriteStartObject("attribution");
        foreach (var model in s.Attribution)
        {
            json.WriteStartArray(model.Model);
            foreach (var credit in model.Channels)
            {
                json.WriteStartArray();
                json.WriteNumberValue(Math.Round(credit.Conversions, 3));
                json.WriteNumberValue(Math.Round(credit.Value, 2));
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteStartArray("kpis");
        foreach (var touchpoint in s.Kpis)
        {
            json.WriteStartObject();
            json.WriteString("touchpoint", touchpoint.Touchpoint);
            json.WriteString("channel", touchpoint.Channel);
            json.WriteString("owner", touchpoint.Owner);
            json.WriteString("task", touchpoint.Task);
            json.WriteNumber("touches", touchpoint.Touches);
            json.WriteNumber("reached", touchpoint.CustomersReached);
            json.WriteStartArray("kpis");
            foreach (var kpi in touchpoint.Kpis)
            {
                json.WriteStartObject();
                json.WriteString("name", kpi.Kpi.Name);
                json.WriteString("metric", kpi.Kpi.Metric.ToString());
                json.WriteNumber("target", kpi.Kpi.Target);
                json.WriteString("unit", kpi.Kpi.Unit);
                json.WriteString("direction", kpi.Kpi.Direction == Definitions.KpiDirection.AtLeast ? "atLeast" : "atMost");
                if (kpi.Measured is { } measured)
                {
                    json.WriteNumber("measured", Math.Round(measured, 4));
                }
                else
                {
                    json.WriteNull("measured");
                }

                json.WriteString("status", kpi.Status switch { KpiStatus.Met => "met", KpiStatus.Missed => "missed", _ => "not-measured" });
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Curve(Utf8JsonWriter json, SurvivalCurve curve, bool withPoints)
    {
        json.WriteNumber("n", curve.Observations);
        json.WriteNumber("events", curve.Events);
        json.WriteNumber("censored", curve.Censored);
        json.WriteNumber("mean", Math.Round(curve.Mean.TotalDays, 3));
        json.WriteStartArray("q");
        foreach (var q in (double[])[0.1, 0.25, 0.5, 0.75, 0.9])
        {
            if (curve.Quantile(q) is { } t)
            {
                json.WriteNumberValue(Math.Round(t.TotalDays, 3));
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
        if (!withPoints)
        {
            return;
        }

        // the survival curve, thinned to at most ~120 points: its size does not grow with the customers
        json.WriteStartArray("curve");
        var points = curve.Points;
        var step = Math.Max(1, points.Count / 120);
        for (var i = 0; i < points.Count; i += step)
        {
            Point(json, points[i]);
        }

        if (points.Count > 0 && (points.Count - 1) % step != 0)
        {
            Point(json, points[^1]);
        }

        json.WriteEndArray();

        static void Point(Utf8JsonWriter json, SurvivalPoint p)
        {
            json.WriteStartArray();
            json.WriteNumberValue(Math.Round(p.Time.TotalDays, 3));
            json.WriteNumberValue(Math.Round(p.Survival, 4));
            json.WriteEndArray();
        }
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private const string Css = """
        :root { --fg:#1d2433; --muted:#5b6478; --line:#d8dde6; --accent:#2f6fde; --back:#e0772b; --goal:#1f9d6b; --bg:#f6f7fa; }
        * { box-sizing:border-box; }
        body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color:var(--fg); background:var(--bg); }
        header { padding:16px 24px; background:#fff; border-bottom:1px solid var(--line); }
        h1 { font-size:20px; margin:0 0 4px; } h2 { font-size:16px; margin:0 0 4px; }
        .muted, .help { color:var(--muted); } .help { margin:0 0 8px; font-size:13px; }
        main { padding:16px 24px; display:grid; grid-template-columns:minmax(0, 1fr); gap:16px; max-width:1240px; }
        section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:14px 16px; min-width:0; }
        .cards { display:flex; flex-wrap:wrap; gap:12px; }
        .card { border:1px solid var(--line); border-radius:6px; padding:8px 14px; min-width:140px; }
        .card b { display:block; font-size:20px; }
        svg { display:block; direction:ltr; max-width:100%; height:auto; }
        svg text { font-size:11px; fill:var(--fg); }
        svg .count { fill:var(--muted); font-size:10px; }
        table { border-collapse:collapse; width:100%; font-size:12.5px; }
        th, td { border-bottom:1px solid var(--line); padding:4px 6px; text-align:start; vertical-align:top; }
        td.num, th.num { text-align:end; font-variant-numeric:tabular-nums; }
        .met { color:#fff; background:var(--goal); border-radius:3px; padding:0 6px; }
        .missed { color:#fff; background:#c0392b; border-radius:3px; padding:0 6px; }
        .not-measured { color:var(--muted); }
        .legend span { display:inline-block; margin-inline-end:12px; font-size:12px; }
        .legend i { display:inline-block; width:10px; height:10px; margin-inline-end:4px; border-radius:2px; }
        #report-errors { color:#b00020; white-space:pre-wrap; }
        select { font:inherit; padding:2px 6px; }
        """;

    private const string Script = """
        (function () {
        'use strict';
        var errorBox = document.getElementById('report-errors');
        function fail(message) {
          errorBox.hidden = false;
          errorBox.textContent += message + '\n';
          document.body.setAttribute('data-status', 'error');
        }
        window.addEventListener('error', function (e) { fail('error: ' + e.message); });
        try {
        var data = JSON.parse(document.getElementById('report-data').textContent);
        var NS = 'http://www.w3.org/2000/svg';
        var names = {}, order = {};
        data.stages.forEach(function (s, i) { names[s.id] = s.name; order[s.id] = i; });
        var goal = {};
        data.stages.forEach(function (s) { goal[s.id] = s.goal; });
        var modelColors = ['#8da0cb', '#66c2a5', '#fc8d62', '#e78ac3', '#a6d854', '#2f6fde', '#b3822b'];
        var locale = data.culture;
        function num(n) { return Math.round(n).toLocaleString(locale); }
        function dec(n, d) { return n.toLocaleString(locale, { maximumFractionDigits: d, minimumFractionDigits: d }); }
        function pct(x) { return dec(x * 100, 1) + '%'; }
        function days(d) { return d == null ? '\u2013' : d < 1 ? dec(d * 24, 1) + ' h' : dec(d, 1) + ' d'; }
        function el(name, attrs, parent, text) {
          var e = document.createElementNS(NS, name);
          for (var k in attrs) { e.setAttribute(k, attrs[k]); }
          if (text != null) { e.textContent = text; }
          if (parent) { parent.appendChild(e); }
          return e;
        }
        function h(name, attrs, parent, text) {
          var e = document.createElement(name);
          for (var k in attrs) { e.setAttribute(k, attrs[k]); }
          if (text != null) { e.textContent = text; }
          if (parent) { parent.appendChild(e); }
          return e;
        }
        function svg(container, w, hgt, label) {
          container.textContent = '';
          return el('svg', { viewBox: '0 0 ' + w + ' ' + hgt, width: w, height: hgt, role: 'img', 'aria-label': label }, container);
        }
        function chart(section, index) { return document.querySelectorAll('#' + section + ' .chart')[index || 0]; }

        function summary(s) {
          var box = document.querySelector('#summary .cards');
          box.textContent = '';
          [['Journeys', num(s.journeys), 'journeys'], ['Bought at least once', num(s.converted) + ' (' + pct(s.journeys ? s.converted / s.journeys : 0) + ')', 'converted'],
           ['Purchases', num(s.conversions), 'conversions'], ['Repeat buyers', num(s.repeatBuyers), 'repeat-buyers'], ['Revenue', dec(s.revenue, 2), 'revenue']]
            .forEach(function (c) { var d = h('div', { 'class': 'card', 'data-card': c[2] }, box); h('b', {}, d, c[1]); h('span', { 'class': 'muted' }, d, c[0]); });
        }

        function graph(s) {
          var n = data.stages.length, W = 1100, H = 460, cy = 230;
          var g = svg(chart('graph'), W, H, 'Stage graph');
          el('defs', {}, g).innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z" fill="#555"/></marker>';
          var reached = {}, maxReached = 1;
          s.stages.forEach(function (x) { reached[x[0]] = x; maxReached = Math.max(maxReached, x[1]); });
          var maxFlow = 1;
          s.flows.forEach(function (f) { maxFlow = Math.max(maxFlow, f[2]); });
          function X(id) { return 80 + order[id] * (W - 160) / Math.max(1, n - 1); }
          function R(id) { return 8 + 40 * Math.sqrt((reached[id] ? reached[id][1] : 0) / maxReached); }
          s.flows.forEach(function (f) {
            var i = order[f[0]], j = order[f[1]], x1 = X(f[0]), x2 = X(f[1]);
            var forward = j > i, span = Math.abs(j - i), lift = 45 + 38 * span;
            var y = forward ? cy - lift : cy + lift;
            var sy = forward ? cy - R(f[0]) * 0.6 : cy + R(f[0]) * 0.6, ey = forward ? cy - R(f[1]) * 0.6 : cy + R(f[1]) * 0.6;
            el('path', { d: 'M' + x1 + ',' + sy + ' Q' + (x1 + x2) / 2 + ',' + y + ' ' + x2 + ',' + ey, fill: 'none', stroke: forward ? '#2f6fde' : '#e0772b',
              'stroke-opacity': 0.55, 'stroke-width': 1 + 16 * f[2] / maxFlow, 'marker-end': 'url(#arrow)', 'class': 'edge',
              'data-from': f[0], 'data-to': f[1], 'data-count': f[2] }, g);
            el('text', { x: (x1 + x2) / 2, y: (sy + ey) / 4 + y / 2 + (forward ? -3 : 11), 'text-anchor': 'middle', 'class': 'count' }, g, num(f[2]));
          });
          data.stages.forEach(function (st) {
            var x = X(st.id), r = R(st.id), rc = reached[st.id] || [st.id, 0, 0];
            el('circle', { cx: x, cy: cy, r: r, fill: st.goal ? '#1f9d6b' : '#2f6fde', 'fill-opacity': 0.85, stroke: '#fff', 'stroke-width': 2, 'class': 'node',
              'data-stage': st.id, 'data-reached': rc[1], 'data-current': rc[2] }, g);
            el('text', { x: x, y: cy + 4, 'text-anchor': 'middle', fill: '#fff', style: 'fill:#fff;font-weight:600' }, g, num(rc[1]));
            var label = el('text', { x: x, y: cy + r + 16, 'text-anchor': 'middle', style: 'font-weight:600', 'class': 'stage-name', 'data-stage': st.id }, g, st.name);
            label.setAttribute('direction', data.rtl ? 'rtl' : 'ltr');
            el('text', { x: x, y: cy + r + 29, 'text-anchor': 'middle', 'class': 'count' }, g, 'now ' + num(rc[2]));
          });
        }

        function funnel(s) {
          var steps = s.funnel.steps, W = 900, row = 34, H = steps.length * row + 10;
          var g = svg(chart('funnel'), W, H, 'Funnel');
          var first = steps.length ? Math.max(1, steps[0].customers) : 1;
          steps.forEach(function (st, i) {
            var w = 560 * st.customers / first, y = 5 + i * row;
            el('text', { x: 150, y: y + 19, 'text-anchor': 'end' }, g, names[st.stage]);
            el('rect', { x: 160 + (560 - w) / 2, y: y, width: Math.max(1, w), height: row - 8, rx: 3, fill: goal[st.stage] ? '#1f9d6b' : '#2f6fde',
              'class': 'funnel-bar', 'data-stage': st.stage, 'data-customers': st.customers }, g);
            el('text', { x: 730, y: y + 19 }, g, num(st.customers) + (i ? '  (' + pct(st.fromPrevious) + ' of previous)' : ''));
          });
          var box = document.querySelector('#funnel .passes');
          box.textContent = '';
          var t = h('table', {}, box), head = h('tr', {}, h('thead', {}, t));
          h('th', {}, head, 'Pass');
          steps.forEach(function (st) { h('th', { 'class': 'num' }, head, names[st.stage]); });
          h('th', { 'class': 'num' }, head, 'Conversion');
          var body = h('tbody', {}, t);
          s.funnel.passes.forEach(function (p) {
            var tr = h('tr', { 'data-pass': p.pass, 'data-conversion': p.conversion }, body);
            h('td', {}, tr, String(p.pass));
            p.customers.forEach(function (c) { h('td', { 'class': 'num' }, tr, num(c)); });
            h('td', { 'class': 'num' }, tr, pct(p.conversion));
          });
        }

        function time(s) {
          var rows = s.time.stages, W = 900, row = 30, H = rows.length * row + 40, left = 150, right = 660;
          var g = svg(chart('time'), W, H, 'Time in stage');
          var max = 1;
          rows.forEach(function (r) { r.q.forEach(function (v) { if (v != null) { max = Math.max(max, v); } }); });
          function X(d) { return left + (right - left) * Math.min(d, max) / max; }
          for (var k = 0; k <= 4; k++) {
            var d = max * k / 4;
            el('line', { x1: X(d), x2: X(d), y1: 0, y2: H - 25, stroke: '#eee' }, g);
            el('text', { x: X(d), y: H - 10, 'text-anchor': 'middle', 'class': 'count' }, g, days(d));
          }
          rows.forEach(function (r, i) {
            var y = 8 + i * row, q = r.q, mid = y + 10;
            el('text', { x: left - 8, y: mid + 4, 'text-anchor': 'end' }, g, names[r.stage]);
            var grp = el('g', { 'class': 'box', 'data-stage': r.stage, 'data-median-days': q[2] == null ? '' : q[2], 'data-observations': r.n }, g);
            if (q[0] != null) {
              var hi = q[4] != null ? q[4] : max;
              el('line', { x1: X(q[0]), x2: X(hi), y1: mid, y2: mid, stroke: '#555', 'stroke-dasharray': q[4] != null ? '' : '3,3' }, grp);
            }
            if (q[1] != null) {
              var top = q[3] != null ? q[3] : max;
              el('rect', { x: X(q[1]), y: y, width: Math.max(2, X(top) - X(q[1])), height: 20, fill: goal[r.stage] ? '#bfe6d4' : '#cfe0fb', stroke: '#2f6fde' }, grp);
            }
            if (q[2] != null) { el('line', { x1: X(q[2]), x2: X(q[2]), y1: y - 2, y2: y + 22, stroke: '#1d2433', 'stroke-width': 2.5 }, grp); }
            el('text', { x: right + 12, y: mid + 4 }, g, 'median ' + days(q[2]) + ' \u00b7 n ' + num(r.n) + ', ' + num(r.censored) + ' still there');
          });
          var c = s.time.convert, W2 = 900, H2 = 230, L = 60, R2 = 640, T = 20, B = 190;
          var g2 = svg(chart('time', 1), W2, H2, 'Time to convert');
          var maxDay = 1;
          c.curve.forEach(function (p) { maxDay = Math.max(maxDay, p[0]); });
          function cx(d) { return L + (R2 - L) * d / maxDay; }
          function cyy(v) { return T + (B - T) * (1 - v); }
          el('text', { x: L, y: 12 }, g2, 'Time to first purchase: share of customers who have not bought yet');
          [0, 0.25, 0.5, 0.75, 1].forEach(function (v) {
            el('line', { x1: L, x2: R2, y1: cyy(v), y2: cyy(v), stroke: '#eee' }, g2);
            el('text', { x: L - 6, y: cyy(v) + 4, 'text-anchor': 'end', 'class': 'count' }, g2, pct(v));
          });
          for (var m = 0; m <= 4; m++) { el('text', { x: cx(maxDay * m / 4), y: B + 16, 'text-anchor': 'middle', 'class': 'count' }, g2, days(maxDay * m / 4)); }
          var d = 'M' + cx(0) + ',' + cyy(1), prev = 1;
          c.curve.forEach(function (p) { d += ' L' + cx(p[0]) + ',' + cyy(prev) + ' L' + cx(p[0]) + ',' + cyy(p[1]); prev = p[1]; });
          el('path', { d: d, fill: 'none', stroke: '#1f9d6b', 'stroke-width': 2, 'class': 'survival', 'data-median-days': c.q[2] == null ? '' : c.q[2], 'data-p25-days': c.q[1] == null ? '' : c.q[1], 'data-events': c.events }, g2);
          if (c.q[2] != null) {
            el('line', { x1: cx(c.q[2]), x2: cx(c.q[2]), y1: T, y2: B, stroke: '#1d2433', 'stroke-dasharray': '4,3' }, g2);
          }
          el('text', { x: R2 + 14, y: 60 }, g2, 'median ' + days(c.q[2]));
          el('text', { x: R2 + 14, y: 78 }, g2, '25% by ' + days(c.q[1]) + ', 75% by ' + days(c.q[3]));
          el('text', { x: R2 + 14, y: 96 }, g2, num(c.events) + ' bought, ' + num(c.censored) + ' not (yet)');
        }

        function flows(s) {
          var n = data.stages.length, W = 1100, nodeW = 16, top = 30;
          var inflow = {}, outflow = {};
          data.stages.forEach(function (st) { inflow[st.id] = 0; outflow[st.id] = 0; });
          inflow[data.stages.length ? s.funnel.steps.length ? s.funnel.steps[0].stage : data.stages[0].id : ''] += s.journeys;
          s.flows.forEach(function (f) { outflow[f[0]] += f[2]; inflow[f[1]] += f[2]; });
          var max = 1;
          data.stages.forEach(function (st) { max = Math.max(max, inflow[st.id], outflow[st.id]); });
          var back = s.flows.filter(function (f) { return order[f[1]] < order[f[0]]; });
          var backTotal = 0;
          back.forEach(function (f) { backTotal += f[2]; });
          var k = 420 / (max + backTotal), span = max * k;
          var backDepth = 0;
          back.forEach(function (f) { backDepth += f[2] * k + 8; });
          var H = top + span + 40 + backDepth + 10;
          var g = svg(chart('flows'), W, H, 'Flows between stages');
          function X(id) { return 40 + order[id] * (W - 120) / Math.max(1, n - 1); }
          var outUsed = {}, inUsed = {};
          data.stages.forEach(function (st) { outUsed[st.id] = 0; inUsed[st.id] = 0; });
          var sorted = s.flows.slice().sort(function (a, b) { return order[a[1]] - order[b[1]] || order[a[0]] - order[b[0]]; });
          var bottom = top + span + 30;
          sorted.forEach(function (f) {
            var t = Math.max(1, f[2] * k), x1 = X(f[0]) + nodeW, x2 = X(f[1]);
            var y1 = top + outUsed[f[0]] + t / 2, y2 = top + inUsed[f[1]] + t / 2;
            outUsed[f[0]] += f[2] * k; inUsed[f[1]] += f[2] * k;
            var d, forward = order[f[1]] > order[f[0]];
            if (forward) {
              var xm = (x1 + x2) / 2;
              d = 'M' + x1 + ',' + y1 + ' C' + xm + ',' + y1 + ' ' + xm + ',' + y2 + ' ' + x2 + ',' + y2;
            } else {
              var yb = bottom + t / 2;
              bottom += t + 8;
              d = 'M' + x1 + ',' + y1 + ' C' + (x1 + 50) + ',' + y1 + ' ' + (x1 + 50) + ',' + yb + ' ' + x1 + ',' + yb +
                ' L' + x2 + ',' + yb + ' C' + (x2 - 50) + ',' + yb + ' ' + (x2 - 50) + ',' + y2 + ' ' + x2 + ',' + y2;
            }
            var band = el('path', { d: d, fill: 'none', stroke: forward ? '#2f6fde' : '#e0772b', 'stroke-opacity': forward ? 0.35 : 0.25, 'stroke-width': t,
              'class': 'band', 'data-from': f[0], 'data-to': f[1], 'data-count': f[2] }, g);
            el('title', {}, band, names[f[0]] + ' \u2192 ' + names[f[1]] + ': ' + num(f[2]));
          });
          data.stages.forEach(function (st) {
            var v = Math.max(inflow[st.id], outflow[st.id]);
            el('rect', { x: X(st.id), y: top, width: nodeW, height: Math.max(1, v * k), fill: st.goal ? '#1f9d6b' : '#1d2433', 'class': 'sankey-node', 'data-stage': st.id, 'data-in': inflow[st.id], 'data-out': outflow[st.id] }, g);
            el('text', { x: X(st.id) + nodeW / 2, y: top - 16, 'text-anchor': 'middle', style: 'font-weight:600' }, g, st.name);
            el('text', { x: X(st.id) + nodeW / 2, y: top - 4, 'text-anchor': 'middle', 'class': 'count' }, g, 'in ' + num(inflow[st.id]) + ' / out ' + num(outflow[st.id]));
          });
          var box = document.querySelector('#flows .paths');
          box.textContent = '';
          h('h3', { style: 'font-size:14px;margin:8px 0 4px' }, box, 'Most common stage paths');
          var ol = h('ol', {}, box);
          s.topPaths.forEach(function (p) {
            h('li', { 'data-count': p.count }, ol, p.path.map(function (id) { return names[id] || id; }).join(' \u2192 ') + ' \u2014 ' + num(p.count));
          });
        }

        function attribution(s) {
          var models = data.models, channels = s.channels.slice(), W = 1100, group = models.length * 7 + 14, L = 110;
          var markov = s.attribution.markov || [];
          var idx = {};
          s.channels.forEach(function (c, i) { idx[c] = i; });
          channels.sort(function (a, b) { return (markov[idx[b]] ? markov[idx[b]][0] : 0) - (markov[idx[a]] ? markov[idx[a]][0] : 0) || (a < b ? -1 : 1); });
          var H = channels.length * group + 40;
          var g = svg(chart('attribution'), W, H, 'Attribution by channel');
          var max = 1;
          models.forEach(function (m) { (s.attribution[m] || []).forEach(function (x) { max = Math.max(max, x[0]); }); });
          channels.forEach(function (c, i) {
            var y = 10 + i * group;
            el('text', { x: L - 8, y: y + group / 2, 'text-anchor': 'end' }, g, c);
            models.forEach(function (m, j) {
              var v = (s.attribution[m] || [])[idx[c]] || [0, 0];
              var r = el('rect', { x: L, y: y + j * 7, width: Math.max(0.5, (W - L - 200) * v[0] / max), height: 6, fill: modelColors[j % modelColors.length],
                'class': 'credit', 'data-channel': c, 'data-model': m, 'data-conversions': v[0] }, g);
              el('title', {}, r, m + ': ' + dec(v[0], 1) + ' purchases, ' + dec(v[1], 2) + ' revenue');
            });
            el('text', { x: W - 190, y: y + group / 2, 'class': 'count' }, g, 'markov ' + dec(markov[idx[c]] ? markov[idx[c]][0] : 0, 1));
          });
          var legend = el('g', {}, g);
          models.forEach(function (m, j) {
            el('rect', { x: L + j * 120, y: H - 20, width: 10, height: 10, fill: modelColors[j % modelColors.length] }, legend);
            el('text', { x: L + j * 120 + 14, y: H - 11 }, legend, m);
          });
          var box = document.querySelector('#attribution .table');
          box.textContent = '';
          var t = h('table', {}, box), head = h('tr', {}, h('thead', {}, t));
          h('th', {}, head, 'Channel');
          models.forEach(function (m) { h('th', { 'class': 'num' }, head, m); });
          var body = h('tbody', {}, t);
          channels.forEach(function (c) {
            var tr = h('tr', { 'data-channel': c }, body);
            h('td', {}, tr, c);
            models.forEach(function (m) { var v = (s.attribution[m] || [])[idx[c]] || [0, 0]; h('td', { 'class': 'num', 'data-model': m, title: dec(v[1], 2) + ' revenue' }, tr, dec(v[0], 1)); });
          });
        }

        function touchpoints(s) {
          var box = document.querySelector('#touchpoints .table');
          box.textContent = '';
          var t = h('table', {}, box), head = h('tr', {}, h('thead', {}, t));
          ['Touchpoint', 'Channel', 'Owner', 'Task', 'Touches', 'Customers', 'KPI', 'Target', 'Measured', 'Status'].forEach(function (c, i) { h('th', { 'class': i === 4 || i === 5 || i === 7 || i === 8 ? 'num' : '' }, head, c); });
          var body = h('tbody', {}, t);
          s.kpis.forEach(function (tp) {
            var kpis = tp.kpis.length ? tp.kpis : [null];
            kpis.forEach(function (k, i) {
              var tr = h('tr', { 'class': 'kpi', 'data-touchpoint': tp.touchpoint, 'data-status': k ? k.status : 'none' }, body);
              h('td', {}, tr, i ? '' : tp.touchpoint);
              h('td', {}, tr, i ? '' : tp.channel);
              h('td', {}, tr, i ? '' : tp.owner || '');
              h('td', {}, tr, i ? '' : tp.task || '');
              h('td', { 'class': 'num' }, tr, i ? '' : num(tp.touches));
              h('td', { 'class': 'num' }, tr, i ? '' : num(tp.reached));
              h('td', {}, tr, k ? k.name : '\u2013');
              var fraction = k && k.unit === 'fraction';
              function show(v) { return v == null ? '\u2013' : fraction ? pct(v) : dec(v, v % 1 === 0 ? 0 : 1); }
              h('td', { 'class': 'num' }, tr, k ? (k.direction === 'atLeast' ? '\u2265 ' : '\u2264 ') + show(k.target) + (fraction ? '' : ' ' + k.unit) : '');
              h('td', { 'class': 'num', 'data-measured': k && k.measured != null ? k.measured : '' }, tr, k ? show(k.measured) : '');
              var st = h('td', {}, tr);
              if (k) { h('span', { 'class': k.status }, st, k.status === 'not-measured' ? 'not measured' : k.status); }
            });
          });
        }

        function render(key) {
          var s = data.segments[key];
          if (!s) { fail('no segment ' + key); return; }
          summary(s); graph(s); funnel(s); time(s); flows(s); attribution(s); touchpoints(s);
          document.body.setAttribute('data-segment', key);
          document.getElementById('funnel').setAttribute('data-rendered-first', s.funnel.steps.length ? s.funnel.steps[0].customers : 0);
          if (document.body.getAttribute('data-status') !== 'error') { document.body.setAttribute('data-status', 'rendered'); }
        }
        var select = document.getElementById('segment-select');
        select.addEventListener('change', function () { try { render(select.value); } catch (e) { fail('error: ' + e.message); } });
        var initial = location.hash.length > 1 ? decodeURIComponent(location.hash.substring(1)) : 'all';
        if (!data.segments[initial]) { initial = 'all'; }
        select.value = initial;
        var started = performance.now();
        render(initial);
        document.body.setAttribute('data-render-ms', Math.round(performance.now() - started));
        } catch (e) { fail('error: ' + (e && e.stack ? e.stack : e)); }
        })();
        """;
}
