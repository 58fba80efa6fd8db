namespace ServerlessStreams.Windows;

/// <summary>
/// A kind of window: which extents a window-key value belongs to, and when an extent ends. Extents are either
/// numbered from the value alone (<see cref="INumberedWindowAssigner"/>: fixed, sliding, global) or grow and merge
/// with the values a key receives (<see cref="IMergingWindowAssigner"/>: sessions), as Flink's WindowAssigner and
/// MergingWindowAssigner are.
/// </summary>
internal interface IWindowAssigner
{
    /// <summary>
    /// The first value past an extent whose largest value is <paramref name="upper"/>: once the watermark is at or
    /// past this end plus the allowed lateness, the extent takes no more segments. Null when it never ends.
    /// </summary>
    double? End(double upper);
}

/// <summary>
/// Extents numbered by Onyx's window-id integers, so they need no state of their own to be found or bounded.
/// </summary>
internal interface INumberedWindowAssigner : IWindowAssigner
{
    /// <summary>Adds the ids of the extents that <paramref name="value"/> belongs to, in ascending order.</summary>
    void Assign(double value, List<long> extentIds);

    /// <summary>The extent's inclusive bounds; null is an open end.</summary>
    (double? Lower, double? Upper) Bounds(long extentId);
}

/// <summary>
/// Extents that a key's values create, extend and merge (sessions). An extent's bounds are its first and last
/// values, kept with its state; placing a value returns what it does to the key's extents as data.
/// </summary>
internal interface IMergingWindowAssigner : IWindowAssigner
{
    /// <summary>Where <paramref name="value"/> goes among the key's live <paramref name="extents"/>; <paramref name="newId"/> names a new one.</summary>
    ExtentOperation Place(IEnumerable<SessionExtent> extents, double value, long newId);
}
