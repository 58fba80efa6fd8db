using ServerlessStreams.Durable.Entities;

namespace ServerlessStreams.Functions.Runtime;

internal sealed record JobRuntimeOptions
{
    /// <summary>Records larger than this go to the dead letters as too large (Table rows hold 1 MiB at most).</summary>
    public int MaxRecordBytes { get; init; } = 256 * 1024;

    public EntityApplierOptions Applier { get; init; } = new();

    /// <summary>
    /// Whether repartitioned tasks whose windows allow it send their inputs across the hop pre-aggregated, one partial
    /// per key and origin partition of a batch (<see cref="Partitioning.PreAggregation"/>). On by default; off sends
    /// every input alone, with the same results.
    /// </summary>
    public bool PreAggregate { get; init; } = true;
}
