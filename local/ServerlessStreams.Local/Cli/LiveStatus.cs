using ServerlessStreams.Local;
using ServerlessStreams.Functions.Observability;

namespace ServerlessStreams.Local.Cli;

/// <summary>
/// <c>run</c>'s status line, from the worker's own counters (its <c>stats</c> function) about once a second: records
/// in and out per second, windows fired, late records, dead letters. Rewritten in place on a terminal; when the output
/// is redirected, a plain line each second that differs from the line before, so an idle wait adds no lines.
/// </summary>
internal static class LiveStatus
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Prints until <paramref name="ct"/> is cancelled; a tick the worker cannot answer (it is restarting) is skipped.</summary>
    public static async Task RunAsync(LocalPipeline pipeline, TextWriter output, bool inPlace, CancellationToken ct)
    {
        MetricsSnapshot? previous = null;
        string? lastLogged = null;
        using var timer = new PeriodicTimer(Period);
        try
        {
            do
            {
                MetricsSnapshot current;
                try
                {
                    current = (await pipeline.ReadStatsAsync(ct)).Stream;
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException && !ct.IsCancellationRequested)
                {
                    continue;
                }
                if (previous is not null)
                {
                    var line = MetricsStatusFormatter.StatusLine(current, previous);
                    if (inPlace) output.Write("\r" + line.PadRight(Math.Max(line.Length, Console.WindowWidth - 1)));
                    else if (line != lastLogged) output.WriteLine(line);
                    lastLogged = line;
                }
                previous = current;
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run drained or was stopped.
        }
        if (inPlace && previous is not null) output.WriteLine();
    }
}
