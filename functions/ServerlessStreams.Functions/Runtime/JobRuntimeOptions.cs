using ServerlessStreams.Durable.Entities;

namespace ServerlessStreams.Functions.Runtime;

public sealed record JobRuntimeOptions
{
    /// <summary>Records larger than this go to the dead letters as too large (Table rows hold 1 MiB at most).</summary>
    public int MaxRecordBytes { get; init; } = 256 * 1024;

    public EntityApplierOptions Applier { get; init; } = new();
}
