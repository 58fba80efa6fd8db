using System.Diagnostics;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// Waits until the windows hold exactly what the produced records must give, read from the window entities (and
/// then from the views), so a run that loses or double-counts records fails rather than looking fast.
/// </summary>
internal static class Exactness
{
    /// <summary>How long nothing may move before a round counts as stuck.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Returns once every expected count is reached; checks the entities only when the input stage has delivered
    /// <paramref name="records"/> and no Kafka function lags, so checking costs the workers little meanwhile.
    /// </summary>
    /// <exception cref="InexactException">A count went past what is expected, or nothing moved for two minutes.</exception>
    public static async Task WaitAsync(ScaleInstances instances, string inputStage, long records, IReadOnlyDictionary<WindowCount, long> expected)
    {
        var quiet = Stopwatch.StartNew();
        var lastMovement = -1L;
        while (true)
        {
            await instances.ThrowIfStoppedAsync();
            var status = instances.Status();
            var movement = status.Sum(h => h.Functions.Sum(f => f.RecordsDelivered + f.Invocations));
            if (movement != lastMovement) (lastMovement, quiet) = (movement, Stopwatch.StartNew());
            var drained = instances.Delivered(inputStage) >= records &&
                status.All(h => h.Functions.Where(f => instances.KafkaFunctions.ContainsKey(f.FunctionName)).All(f => f.Lag is 0 or null));
            if (drained)
            {
                var counts = await CountsAsync(instances, expected.Keys);
                var over = expected.Where(e => counts[e.Key] > e.Value).ToList();
                if (over.Count > 0) throw new InexactException($"counted more than was produced: {Describe(expected, counts)}; {await instances.DescribeAsync()}");
                if (expected.All(e => counts[e.Key] == e.Value)) return;
                if (quiet.Elapsed > Stall)
                    throw new InexactException($"nothing moved for {Stall.TotalMinutes:F0} minutes: {Describe(expected, counts)}; {await instances.DescribeAsync()}");
            }
            else if (quiet.Elapsed > Stall)
            {
                throw new InexactException(
                    $"nothing moved for {Stall.TotalMinutes:F0} minutes, {instances.Delivered(inputStage)} of {records} records delivered; {await instances.DescribeAsync()}");
            }
            await Task.Delay(Poll);
        }
    }

    /// <summary>
    /// Sweeps until the views of <see cref="ScaleWorkload.ViewedWindows"/> hold the expected counts: their timer
    /// triggers fire the final state once their period has passed since the last change.
    /// </summary>
    public static async Task WaitForViewsAsync(ScaleInstances instances, ScaleWorkload workload, IReadOnlyDictionary<WindowCount, long> expected,
        TimeSpan timeout)
    {
        var views = workload.ViewedWindows.SelectMany(window => instances.Job.TriggersOf(window)
            .Where(t => t.On == TriggerKind.Timer && t.Sync?.Table is not null).Select(t => (Table: t.Sync!.Table!, Window: window))).ToList();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await instances.SweepAsync();
            var mismatches = new List<string>();
            foreach (var (table, window) in views)
            {
                var rows = await instances.ViewAsync(table, window);
                foreach (var (count, value) in expected.Where(e => e.Key.Window == window))
                {
                    var shown = rows.GetValueOrDefault(count.Key.ToString());
                    if (shown != value) mismatches.Add($"{table} {count}: {shown} of {value}");
                }
            }
            if (mismatches.Count == 0) return;
            if (waited.Elapsed > timeout) throw new InexactException($"the views did not reach the entities' counts within {timeout.TotalSeconds:F0} s: {string.Join(", ", mismatches)}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static async Task<Dictionary<WindowCount, long>> CountsAsync(ScaleInstances instances, IEnumerable<WindowCount> windows)
    {
        var counts = new Dictionary<WindowCount, long>();
        foreach (var window in windows) counts[window] = await instances.CountAsync(window);
        return counts;
    }

    private static string Describe(IReadOnlyDictionary<WindowCount, long> expected, Dictionary<WindowCount, long> counts) =>
        string.Join(", ", expected.Select(e => $"{e.Key} {counts[e.Key]} of {e.Value}"));
}

/// <summary>A round's windows do not hold what its records must give.</summary>
internal sealed class InexactException(string message) : Exception(message);
