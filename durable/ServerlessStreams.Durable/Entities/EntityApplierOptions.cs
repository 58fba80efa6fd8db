namespace ServerlessStreams.Durable.Entities;

internal sealed record EntityApplierOptions
{
    /// <summary>
    /// Keys whose store calls may wait at once (keys run inline until a call waits); each key is one partition, so
    /// keys never contend with each other.
    /// </summary>
    public int MaxParallelKeys { get; init; } = 16;

    /// <summary>Reload-and-retry rounds after ETag conflicts before the batch fails (and is redelivered).</summary>
    public int MaxConflictRetries { get; init; } = 20;

    /// <summary>Keys whose decoded state is kept between batches (reused while their ETag is unchanged).</summary>
    public int MaxDecodedKeys { get; init; } = 50_000;
}
