namespace ServerlessStreams.Durable.Progress;

/// <summary>Per (job, task, source partition) progress rows, from which task watermarks are computed.</summary>
internal interface IProgressStore
{
    /// <summary>Raises each partition's largest event time (never lowers it) and stamps its activity.</summary>
    Task ReportAsync(string job, string task, IReadOnlyDictionary<string, double> maxEventTimes, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Adds a row for each source partition that has none, with no event time yet: a partition known to exist holds
    /// the watermark back until it has data or stays idle past the idle timeout. Existing rows are left alone.
    /// </summary>
    Task RegisterAsync(string job, string task, IEnumerable<string> sources, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<PartitionProgress>> ReadAsync(string job, string task, CancellationToken ct);
}
