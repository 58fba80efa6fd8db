namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// The benchmark's progress: on a terminal one line rewritten in place twice a second; when the output is redirected,
/// a plain line every few seconds when it changed. Results are written through <see cref="WriteLine"/>, above the live line.
/// </summary>
internal sealed class ProgressLine : IAsyncDisposable
{
    private readonly bool _inPlace = !Console.IsOutputRedirected;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticking;
    private Func<string?> _status = () => null;
    private string? _logged;
    private int _width;

    public ProgressLine()
    {
        _ticking = Task.Run(TickAsync);
    }

    /// <summary>What the line shows from now on; null shows nothing.</summary>
    public void Show(Func<string?> status) => _status = status;

    public void WriteLine(string text)
    {
        lock (_gate)
        {
            Clear();
            Console.WriteLine(text);
        }
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(_inPlace ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(3));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                string? line;
                try
                {
                    line = _status();
                }
                catch (InvalidOperationException)
                {
                    continue; // a round between its parts
                }
                if (line is null) continue;
                lock (_gate)
                {
                    if (!_inPlace)
                    {
                        // A log gets a line when something changed, not the same line every few seconds.
                        if (line != _logged) Console.WriteLine(line);
                        _logged = line;
                        continue;
                    }
                    var fitted = line.Length >= Console.WindowWidth ? line[..Math.Max(0, Console.WindowWidth - 1)] : line;
                    Console.Write("\r" + fitted.PadRight(_width));
                    _width = fitted.Length;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private void Clear()
    {
        if (!_inPlace || _width == 0) return;
        Console.Write("\r" + new string(' ', _width) + "\r");
        _width = 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _ticking;
        lock (_gate) Clear();
        _stop.Dispose();
    }
}
