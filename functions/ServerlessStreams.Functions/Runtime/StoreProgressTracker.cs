using System.Collections.Concurrent;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>Progress rows in a <see cref="IProgressStore"/>, watermarks by <see cref="Watermarks.Compute"/>.</summary>
public sealed class StoreProgressTracker(JobSpec job, IProgressStore store, TimeProvider time, ITopicPartitions? partitions = null)
    : IProgressTracker
{
    /// <summary>The registration of each (task, topic)'s partitions, shared by the invocations that see it first.</summary>
    private readonly ConcurrentDictionary<string, Lazy<Task>> _registrations = new(StringComparer.Ordinal);

    public async Task<double?> WatermarkAsync(string task, CancellationToken ct) =>
        Watermarks.Compute(await store.ReadAsync(job.Name, task, ct), time.GetUtcNow(), job.Time);

    public async Task ReportAsync(string task, IReadOnlyDictionary<(string Topic, int Partition), double> maxEventTimes, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (partitions is not null)
        {
            // No partition reports before all of its topic's partitions are registered: a partition reporting alone
            // would make the watermark its own time, and the other partitions' records late.
            foreach (var topic in maxEventTimes.Keys.Select(k => k.Topic).Distinct())
                await RegisterAsync(task, topic, now, ct);
        }
        await store.ReportAsync(job.Name, task, maxEventTimes.ToDictionary(p => $"{p.Key.Topic}/{p.Key.Partition}", p => p.Value), now, ct);
    }

    private async Task RegisterAsync(string task, string topic, DateTimeOffset now, CancellationToken ct)
    {
        var key = $"{task}/{topic}";
        var registration = _registrations.GetOrAdd(key, _ => new Lazy<Task>(async () =>
        {
            var count = await partitions!.CountAsync(topic, CancellationToken.None);
            await store.RegisterAsync(job.Name, task, Enumerable.Range(0, count).Select(p => $"{topic}/{p}"), now, CancellationToken.None);
        }));
        try
        {
            await registration.Value.WaitAsync(ct);
        }
        catch (Exception) when (registration.Value.IsFaulted)
        {
            // The next invocation tries again; this one fails and its batch is delivered again.
            _registrations.TryRemove(KeyValuePair.Create(key, registration));
            throw;
        }
    }
}
