namespace ServerlessStreams.Durable.Progress;

/// <summary>Per (job, task, source partition) progress rows, from which task watermarks are computed.</summary>
public interface IProgressStore
{
    /// <summary>Raises each partition's largest event time (never lowers it) and stamps its activity.</summary>
    Task ReportAsync(string job, string task, IReadOnlyDictionary<string, double> maxEventTimes, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<PartitionProgress>> ReadAsync(string job, string task, CancellationToken ct);
}
