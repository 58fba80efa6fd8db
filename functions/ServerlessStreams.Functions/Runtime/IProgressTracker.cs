namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// Per source partition progress of a task (largest event time seen, last activity), and the task watermark
/// computed from it: the minimum over partitions active within the idle timeout, minus maxOutOfOrderness.
/// </summary>
public interface IProgressTracker
{
    /// <summary>The task's watermark in epoch milliseconds, or null before any partition reported.</summary>
    Task<double?> WatermarkAsync(string task, CancellationToken ct);

    /// <summary>
    /// Records what one invocation saw of each source partition (one write per partition, not per record); the
    /// topic's other partitions are registered so they hold the watermark back until they have data or go idle.
    /// </summary>
    Task ReportAsync(string task, IReadOnlyDictionary<(string Topic, int Partition), double> maxEventTimes, CancellationToken ct);
}
