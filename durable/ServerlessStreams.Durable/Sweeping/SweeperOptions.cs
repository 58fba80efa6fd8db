namespace ServerlessStreams.Durable.Sweeping;

internal sealed record SweeperOptions
{
    /// <summary>How long a sweep may hold its shard's lease; a crashed sweeper's lease expires after this.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Entities whose de-duplication rows one sweep prunes; the rest wait for later sweeps.</summary>
    public int PruneEntitiesPerSweep { get; init; } = 50;

    public string Shard { get; init; } = "0";

    /// <summary>How often a sweeper prunes de-duplication rows; retention is days, so a sweep need not look every time.</summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromMinutes(10);
}
