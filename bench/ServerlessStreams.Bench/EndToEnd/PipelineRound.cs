using System.Diagnostics;
using System.Globalization;
using ServerlessStreams.Local;
using ServerlessStreams.Functions.Worker;

namespace ServerlessStreams.Bench.EndToEnd;

/// <summary>
/// One round through a running pipeline: its records produced to its topic, then timed from starting its stage
/// function's trigger until every record is delivered; what the worker counted in between comes from its stats function.
/// </summary>
internal sealed record PipelineRound(int Records, double Seconds, double FirstBatchSeconds, long Invocations, WorkerStats Before, WorkerStats After,
    TimeSpan HostCpu, TimeSpan WorkerCpu)
{
    public static async Task<PipelineRound> RunAsync(LocalPipeline pipeline, string round, int records, TimeSpan poll)
    {
        await pipeline.ProduceAsync(round, BenchJob.Records(records), BenchJob.KeyOf);
        var stage = BenchJob.StageOf(round);
        var before = await pipeline.ReadStatsAsync();

        // CPU time of both processes over the round: unlike elapsed time, it hardly moves with other work on the machine.
        using var worker = Process.GetProcessById(pipeline.TriggerHost.Worker.WorkerProcessId);
        var workerCpu = worker.TotalProcessorTime;
        var hostCpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        pipeline.StartTriggers(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { stage });
        double? firstBatch = null;
        while (Delivered(pipeline, stage).Records is var delivered && delivered < records)
        {
            if (delivered > 0) firstBatch ??= watch.Elapsed.TotalSeconds;
            if (watch.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"the pipeline did not deliver {records} records of {round} in 10 minutes");
            await Task.Delay(poll);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        hostCpu = Environment.CpuUsage.TotalTime - hostCpu;
        worker.Refresh();
        workerCpu = worker.TotalProcessorTime - workerCpu;

        await pipeline.StopTriggersAsync();
        var after = await pipeline.ReadStatsAsync();
        return new PipelineRound(records, seconds, firstBatch ?? seconds, Delivered(pipeline, stage).Invocations, before, after, hostCpu, workerCpu);
    }

    public double WorkerBusySeconds => (After.Stream.BatchMillisecondsTotal - Before.Stream.BatchMillisecondsTotal) / 1000;

    public string Summary()
    {
        var batches = After.Stream.Batches - Before.Stream.Batches;
        return $"first batch delivered after {FirstBatchSeconds:F2} s (joining the group, reading, the first invocation); {Invocations} invocations, worker busy {WorkerBusySeconds:F2} s ({WorkerBusySeconds * 1000 / Math.Max(1, batches):F1} ms per batch), " +
            $"CPU per record: host {HostCpu.TotalMicroseconds / Records:F1} µs, worker {WorkerCpu.TotalMicroseconds / Records:F1} µs, " +
            $"{After.Stream.RecordsIn - Before.Stream.RecordsIn} records in, {After.Stream.WindowsFired - Before.Stream.WindowsFired} windows fired, " +
            $"{After.Stream.LateRecords - Before.Stream.LateRecords} late, {After.Stream.DeadLetters - Before.Stream.DeadLetters} dead letters";
    }

    /// <summary>Invocations, store transactions, rows written and worker busy time per 1,000 records, over <paramref name="rounds"/>.</summary>
    public static string PerThousand(IReadOnlyCollection<PipelineRound> rounds)
    {
        var thousands = rounds.Sum(r => r.Records) / 1000.0;
        var store = rounds.Select(r => r.After.Store - r.Before.Store).Aggregate((a, b) => a + b);
        var invocations = rounds.Sum(r => r.Invocations);
        var busy = rounds.Sum(r => r.WorkerBusySeconds);
        return string.Create(CultureInfo.InvariantCulture,
            $"{invocations / thousands:F2} invocations, {store.Transactions / thousands:F1} store transactions ({store.Commits / thousands:F1} commits, {store.Conflicts / thousands:F2} conflicts), " +
            $"{store.RowsWritten / thousands:F1} rows written, {store.RowsDeleted / thousands:F1} deleted, {store.RowsRead / thousands:F1} read; " +
            $"worker busy {busy * 1000 / invocations:F1} ms per invocation");
    }

    private static (long Records, long Invocations) Delivered(LocalPipeline pipeline, string stage)
    {
        var stats = pipeline.TriggerHost.Status().Functions.Where(f => string.Equals(f.FunctionName, stage, StringComparison.OrdinalIgnoreCase)).ToList();
        return (stats.Sum(f => f.RecordsDelivered), stats.Sum(f => f.Invocations));
    }
}
