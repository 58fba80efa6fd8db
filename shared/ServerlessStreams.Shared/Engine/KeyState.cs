namespace ServerlessStreams.Engine;

/// <summary>
/// The whole window state of one (task, group key): live extents and per-key trigger state.
/// The state machine mutates it in place; <see cref="KeyStateCodec"/> persists it.
/// </summary>
internal sealed class KeyState
{
    public const int SchemaVersion = 1;

    public KeyState(int triggerCount)
    {
        SegmentCounts = new long[triggerCount];
        NextTimerAt = new double?[triggerCount];
    }

    public Dictionary<ExtentKey, ExtentState> Extents { get; } = new();

    /// <summary>The live extents of one window, in ascending id order.</summary>
    public List<(long Id, ExtentState Extent)> ExtentsOf(int window)
    {
        var list = new List<(long Id, ExtentState Extent)>();
        foreach (var (key, extent) in Extents)
            if (key.Window == window) list.Add((key.Id, extent));
        list.Sort((a, b) => a.Id.CompareTo(b.Id));
        return list;
    }

    /// <summary>Segments counted per segment trigger since it last fired (per key, as Onyx counts).</summary>
    public long[] SegmentCounts { get; }

    /// <summary>When each timer trigger next fires, in processing-time milliseconds; null while the key has no extent.</summary>
    public double?[] NextTimerAt { get; }

    /// <summary>Arrival numbers keep collect's order across session merges.</summary>
    public long NextArrival { get; set; }

    /// <summary>Increases with every firing of the key, so sinks can tell a re-fire from a new result.</summary>
    public long FiringVersion { get; set; }

    public long NextSessionId { get; set; }
}
