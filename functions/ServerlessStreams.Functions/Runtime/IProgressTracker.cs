namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// Per source partition progress of a task (largest event time seen, last activity), and the task watermark
/// computed from it: the minimum over partitions active within the idle timeout, minus maxOutOfOrderness.
/// </summary>
internal interface IProgressTracker
{
    /// <summary>The task's watermark in epoch milliseconds, or null before any partition reported.</summary>
    Task<double?> WatermarkAsync(string task, CancellationToken ct);

    /// <summary>
    /// Records what one invocation saw of each source partition (one write per partition, not per record); the
    /// topic's other partitions are registered so they hold the watermark back until they have data or go idle.
    /// </summary>
    Task ReportAsync(string task, IReadOnlyDictionary<(string Topic, int Partition), double> maxEventTimes, CancellationToken ct);

    /// <summary>
    /// Records what one invocation of a repartitioned task's windowed part saw, per origin partition and partition of
    /// its internal topic (<c>Via</c>): each such lane carries its origin partition's records in their order, so a
    /// lane's largest event time is as safe a basis for the watermark as a source partition's, while an origin
    /// partition's records still on their way through another internal partition are not made late by it. Every
    /// lane of the origin topics and the internal topic is registered first.
    /// </summary>
    Task ReportRepartitionedAsync(string task, string internalTopic,
        IReadOnlyDictionary<(string Topic, int Partition, int Via), double> maxEventTimes, CancellationToken ct);
}
