using System.Collections.Concurrent;

namespace ServerlessStreams.Durable.Progress;

internal sealed class InMemoryProgressStore : IProgressStore
{
    private readonly ConcurrentDictionary<(string Job, string Task, string Source), PartitionProgress> _rows = new();

    public Task ReportAsync(string job, string task, IReadOnlyDictionary<string, double> maxEventTimes, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (source, time) in maxEventTimes)
        {
            _rows.AddOrUpdate((job, task, source),
                _ => new PartitionProgress(source, time, now),
                (_, old) => new PartitionProgress(source, Math.Max(old.MaxEventTime, time), now > old.LastActivity ? now : old.LastActivity));
        }
        return Task.CompletedTask;
    }

    public Task RegisterAsync(string job, string task, IEnumerable<string> sources, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var source in sources) _rows.TryAdd((job, task, source), new PartitionProgress(source, PartitionProgress.NoData, now));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PartitionProgress>> ReadAsync(string job, string task, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PartitionProgress>>(_rows
            .Where(r => r.Key.Job == job && r.Key.Task == task)
            .Select(r => r.Value)
            .OrderBy(p => p.Source, StringComparer.Ordinal)
            .ToList());
}
