using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Leases;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Sweeping;

/// <summary>
/// The timer orchestration: under a lease per job shard, computes each task's watermark from its partitions'
/// progress, ticks every entity whose timer or watermark trigger is due (entities no new record will wake),
/// delivers the firings, and prunes expired de-duplication rows a bounded number of entities at a time.
/// Every step is idempotent: a crashed or duplicated sweep fires each (extent, trigger, version) once.
/// </summary>
internal sealed class Sweeper(
    JobSpec job,
    IReadOnlyDictionary<string, EntityApplier> appliers,
    IWindowEntityStore store,
    IDueEntityIndex index,
    IProgressStore progress,
    ILeaseProvider leases,
    FiringSinks sinks,
    TimeProvider time,
    SweeperOptions? options = null)
{
    private readonly SweeperOptions _options = options ?? new SweeperOptions();
    private int _pruneCursor;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>How far dedupe pruning got: the position in the job's entity list the next sweep starts from.</summary>
    public int PruneCursor => _pruneCursor;

    /// <summary>
    /// Reads first, without the lease: each windowed task's progress rows and its due entities. When nothing is due
    /// and pruning is not, the sweep ends there — an idle sweep costs two reads per windowed task and no write.
    /// </summary>
    public async Task<SweepReport> SweepAsync(CancellationToken ct)
    {
        var report = new SweepReport();
        var now = time.GetUtcNow();
        var due = new List<(EntityApplier Applier, double? Watermark, List<EntityKey> Keys)>();
        foreach (var (task, applier) in appliers)
        {
            if (!applier.Stage.Compiled.HasWindows) continue;
            var watermark = Watermarks.Compute(await progress.ReadAsync(job.Name, task, ct), now, job.Time);
            report.Watermarks[task] = watermark;
            var keys = new List<EntityKey>();
            await foreach (var key in index.DueAsync(job.Name, task, now.ToUnixTimeMilliseconds(), watermark, ct)) keys.Add(key);
            if (keys.Count > 0) due.Add((applier, watermark, keys));
        }
        var pruneDue = now - _lastPrune >= _options.PruneInterval;
        report.Swept = true;
        if (due.Count == 0 && !pruneDue) return report;

        await using var lease = await leases.TryAcquireAsync($"{job.Name}/sweeper/{_options.Shard}", _options.LeaseDuration, ct);
        if (lease is null)
        {
            report.Swept = false;
            return report;
        }
        foreach (var (applier, watermark, keys) in due)
        {
            foreach (var key in keys)
            {
                var result = await applier.TickAsync(new GroupKey(key.GroupKey), watermark, ct);
                report.EntitiesTicked++;
                report.Transactions += result.Transactions;
                report.Firings.AddRange(result.Firings);
            }
        }
        await sinks.DeliverAsync(report.Firings, ct);
        if (pruneDue)
        {
            report.DedupeRowsPruned = await PruneAsync(now, ct);
            _lastPrune = now;
        }
        return report;
    }

    /// <summary>Prunes the de-duplication rows of the next few entities, resuming where the last sweep stopped.</summary>
    private async Task<int> PruneAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - job.DedupeRetention;
        var pruned = 0;
        var position = 0;
        var visited = 0;
        await foreach (var key in store.ListEntitiesAsync(job.Name, ct))
        {
            if (position++ < _pruneCursor) continue;
            pruned += await store.PruneDedupeRowsAsync(key, cutoff, ct);
            if (++visited == _options.PruneEntitiesPerSweep)
            {
                _pruneCursor = position;
                return pruned;
            }
        }
        _pruneCursor = 0;
        return pruned;
    }
}
