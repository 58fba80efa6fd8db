namespace ServerlessStreams.Durable.Leases;

/// <summary>Exclusive, expiring leases: one sweeper per job shard at a time.</summary>
internal interface ILeaseProvider
{
    /// <summary>The lease, or null when another holder has it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct);
}
