using System.Diagnostics;
using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// Waits until the instances' worker processes are idle: after a warm-up, a worker goes on compiling the methods the
/// warm-up called often (tiered compilation, in the background) for a few seconds, and measuring then would time that
/// compilation four times over with four workers on the same cores.
/// </summary>
internal static class WorkerQuiet
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    /// <summary>At most this share of one core over <see cref="Window"/>, summed over the workers, counts as idle.</summary>
    private const double IdleShare = 0.05;

    /// <summary>Returns how long it waited, once the workers have been idle for a window, or after <paramref name="timeout"/>.</summary>
    public static async Task<(TimeSpan Waited, bool Idle)> WaitAsync(IReadOnlyList<LocalTriggerHost> hosts, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var samples = new Queue<(TimeSpan At, TimeSpan Cpu)>();
        while (clock.Elapsed < timeout)
        {
            samples.Enqueue((clock.Elapsed, WorkersCpu(hosts)));
            while (samples.Count > 1 && clock.Elapsed - samples.Peek().At > Window) samples.Dequeue();
            var (firstAt, firstCpu) = samples.Peek();
            if (clock.Elapsed - firstAt >= Window * 0.9 && (samples.Last().Cpu - firstCpu).TotalMilliseconds <= Window.TotalMilliseconds * IdleShare)
                return (clock.Elapsed, true);
            await Task.Delay(Sample);
        }
        return (clock.Elapsed, false);
    }

    private static TimeSpan WorkersCpu(IReadOnlyList<LocalTriggerHost> hosts)
    {
        var total = TimeSpan.Zero;
        foreach (var host in hosts)
        {
            using var process = Process.GetProcessById(host.Worker.WorkerProcessId);
            total += process.TotalProcessorTime;
        }
        return total;
    }
}
