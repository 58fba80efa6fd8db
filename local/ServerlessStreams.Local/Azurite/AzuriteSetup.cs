namespace ServerlessStreams.Local.Azurite;

/// <summary>Where an Azurite keeps its data and which loopback ports it listens on.</summary>
internal sealed record AzuriteSetup
{
    /// <summary>A folder for the data, which survives a restart; null keeps it in memory.</summary>
    public string? Location { get; init; }

    /// <summary>The Blob port; 0 lets the operating system pick one.</summary>
    public int BlobPort { get; init; }

    /// <summary>The Queue port; 0 lets the operating system pick one.</summary>
    public int QueuePort { get; init; }

    /// <summary>The Table port; 0 lets the operating system pick one.</summary>
    public int TablePort { get; init; }

    /// <summary>The same data and ports as <paramref name="running"/>, to start it again after a stop.</summary>
    public static AzuriteSetup Again(AzuriteInstance running, string location) => new()
    {
        Location = location,
        BlobPort = running.BlobPort,
        QueuePort = running.QueuePort,
        TablePort = running.TablePort,
    };
}
