using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>Progress rows in a <see cref="IProgressStore"/>, watermarks by <see cref="Watermarks.Compute"/>.</summary>
public sealed class StoreProgressTracker(JobSpec job, IProgressStore store, TimeProvider time, ITopicPartitions? partitions = null)
    : IProgressTracker
{
    public async Task<double?> WatermarkAsync(string task, CancellationToken ct) =>
        Watermarks.Compute(await store.ReadAsync(job.Name, task, ct), time.GetUtcNow(), job.Time);

    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);

    public async Task ReportAsync(string task, IReadOnlyDictionary<(string Topic, int Partition), double> maxEventTimes, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (partitions is not null)
        {
            foreach (var topic in maxEventTimes.Keys.Select(k => k.Topic).Distinct())
            {
                lock (_registered)
                    if (!_registered.Add($"{task}/{topic}")) continue;
                var count = await partitions.CountAsync(topic, ct);
                await store.RegisterAsync(job.Name, task, Enumerable.Range(0, count).Select(p => $"{topic}/{p}"), now, ct);
            }
        }
        await store.ReportAsync(job.Name, task, maxEventTimes.ToDictionary(p => $"{p.Key.Topic}/{p.Key.Partition}", p => p.Value), now, ct);
    }
}
