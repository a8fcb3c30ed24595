using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CustomerJourney.Tests.Reporting;

/// <summary>
/// One page of headless Chromium driven over the DevTools protocol (a WebSocket, no extra package): open an address,
/// evaluate script in it (e.g. choose a segment in the selector) and collect console errors and uncaught exceptions.
/// Started with the flags of <see cref="Chromium"/>.
/// </summary>
internal sealed partial class ChromiumPage : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonNode?>> _pending = [];
    private readonly List<string> _errors = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private string? _session;
    private int _nextId;

    private ChromiumPage(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors and uncaught exceptions seen so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToArray();
            }
        }
    }

    /// <summary>Starts Chromium and opens <paramref name="url"/> in a new page.</summary>
    public static async Task<ChromiumPage> OpenAsync(string url, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("cj-chromium-cdp-").FullName;
        var start = new ProcessStartInfo(Chromium.Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var flag in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
            "--remote-debugging-port=0", "--window-size=1280,2000", "about:blank"])
        {
            start.ArgumentList.Add(flag);
        }

        var process = Process.Start(start)!;
        var page = new ChromiumPage(process, profile);
        try
        {
            string? endpoint = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (endpoint is null)
            {
                var line = await process.StandardError.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("Chromium exited before it listened for DevTools.");
                var match = DevTools().Match(line);
                endpoint = match.Success ? match.Groups[1].Value : null;
            }

            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            await page._socket.ConnectAsync(new Uri(endpoint), timeout.Token);
            page._reader = page.ReadAsync();
            var target = await page.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, session: false, timeout.Token);
            var attached = await page.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target!["targetId"]!.GetValue<string>(), ["flatten"] = true }, session: false, timeout.Token);
            page._session = attached!["sessionId"]!.GetValue<string>();
            await page.SendAsync("Runtime.enable", new JsonObject(), session: true, timeout.Token);
            await page.SendAsync("Log.enable", new JsonObject(), session: true, timeout.Token);
            await page.SendAsync("Page.enable", new JsonObject(), session: true, timeout.Token);
            await page.NavigateAsync(url, timeout.Token);
            return page;
        }
        catch
        {
            await page.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads <paramref name="url"/> and waits until the page's script reports it rendered (or failed).</summary>
    public async Task NavigateAsync(string url, CancellationToken cancellationToken)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session: true, cancellationToken);
        await WaitForAsync("document.readyState === 'complete' && document.body && document.body.getAttribute('data-status') !== 'loading'", cancellationToken);
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, session: true, cancellationToken);
        if (result!["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"'{expression}' threw: {exception.ToJsonString()}");
        }

        return result["result"]!["value"];
    }

    /// <summary>The string value of <paramref name="expression"/>.</summary>
    public async Task<string?> TextAsync(string expression, CancellationToken cancellationToken) =>
        (await EvaluateAsync(expression, cancellationToken))?.ToString();

    /// <summary>Waits (up to 30 s) until <paramref name="condition"/> is true in the page.</summary>
    public async Task WaitForAsync(string condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await EvaluateAsync($"!!({condition})", cancellationToken))?.GetValue<bool>() == true)
                {
                    return;
                }
            }
            catch (InvalidOperationException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                // the document is being replaced by a navigation
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"the page never satisfied {condition}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Chooses <paramref name="value"/> in the select element <paramref name="selector"/> as a user would (a change event).</summary>
    public Task SelectAsync(string selector, string value, CancellationToken cancellationToken) =>
        EvaluateAsync(
            $"(function () {{ var s = document.querySelector({JsonSerializer.Serialize(selector)}); s.value = {JsonSerializer.Serialize(value)}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return s.value; }})()",
            cancellationToken);

    /// <summary>Saves a PNG screenshot of the whole page.</summary>
    public async Task ScreenshotAsync(string path, CancellationToken cancellationToken)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, session: true, cancellationToken);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot!["data"]!.GetValue<string>()), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }

        if (_reader is not null)
        {
            try
            {
                await _reader;
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // the connection closed with the browser
            }
        }

        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still hold files for a moment
        }
    }

    private async Task<JsonNode?> SendAsync(string method, JsonObject parameters, bool session, CancellationToken cancellationToken)
    {
        var source = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_pending)
        {
            id = ++_nextId;
            _pending[id] = source;
        }

        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session)
        {
            message["sessionId"] = _session;
        }

        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        using var registration = cancellationToken.Register(() => source.TrySetCanceled(cancellationToken));
        return await source.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray());
            message.SetLength(0);
            if (node?["id"] is { } idNode)
            {
                TaskCompletionSource<JsonNode?>? source;
                lock (_pending)
                {
                    _pending.Remove(idNode.GetValue<int>(), out source);
                }

                if (node["error"] is { } error)
                {
                    source?.TrySetException(new InvalidOperationException(error.ToJsonString()));
                }
                else
                {
                    source?.TrySetResult(node["result"]);
                }

                continue;
            }

            var method = node?["method"]?.GetValue<string>();
            string? problem = method switch
            {
                "Runtime.exceptionThrown" => "uncaught: " + node!["params"]!["exceptionDetails"]!.ToJsonString(),
                "Runtime.consoleAPICalled" when node!["params"]!["type"]!.GetValue<string>() is "error" or "assert" => "console.error: " + node["params"]!["args"]!.ToJsonString(),
                "Log.entryAdded" when node!["params"]!["entry"]!["level"]!.GetValue<string>() == "error" => "log: " + node["params"]!["entry"]!.ToJsonString(),
                _ => null,
            };
            if (problem is not null)
            {
                lock (_errors)
                {
                    _errors.Add(problem);
                }
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevTools();
}
