using System.Collections.Concurrent;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>Progress rows in a <see cref="IProgressStore"/>, watermarks by <see cref="Watermarks.Compute"/>.</summary>
internal sealed class StoreProgressTracker(JobSpec job, IProgressStore store, TimeProvider time, ITopicPartitions? partitions = null)
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

    public async Task ReportRepartitionedAsync(string task, string internalTopic,
        IReadOnlyDictionary<(string Topic, int Partition, int Via), double> maxEventTimes, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (partitions is not null)
        {
            foreach (var topic in maxEventTimes.Keys.Select(k => k.Topic).Distinct())
                await RegisterAsync(task, topic, now, ct, via: internalTopic);
        }
        await store.ReportAsync(job.Name, task, maxEventTimes.ToDictionary(p => Lane(p.Key.Topic, p.Key.Partition, p.Key.Via), p => p.Value), now, ct);
    }

    /// <summary>The progress row of an origin partition's records through one partition of an internal topic.</summary>
    public static string Lane(string topic, int partition, int via) => $"{topic}/{partition}>{via}";

    /// <summary>Registers every partition of <paramref name="topic"/>, or with <paramref name="via"/> every lane from one of them through one of its partitions.</summary>
    private async Task RegisterAsync(string task, string topic, DateTimeOffset now, CancellationToken ct, string? via = null)
    {
        var key = via is null ? $"{task}/{topic}" : $"{task}/{topic}>{via}";
        var registration = _registrations.GetOrAdd(key, _ => new Lazy<Task>(async () =>
        {
            var count = await partitions!.CountAsync(topic, CancellationToken.None);
            var sources = Enumerable.Range(0, count).Select(p => $"{topic}/{p}");
            if (via is not null)
            {
                var lanes = await partitions.CountAsync(via, CancellationToken.None);
                sources = Enumerable.Range(0, count).SelectMany(p => Enumerable.Range(0, lanes).Select(v => Lane(topic, p, v)));
            }
            await store.RegisterAsync(job.Name, task, sources, now, CancellationToken.None);
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
