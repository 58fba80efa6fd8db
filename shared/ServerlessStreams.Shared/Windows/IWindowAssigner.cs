namespace ServerlessStreams.Windows;

/// <summary>
/// Maps a window-key value to the extents it belongs to. Extent ids are Onyx's window-id integers,
/// so extents of fixed and sliding windows need no state of their own.
/// </summary>
public interface IWindowAssigner
{
    /// <summary>Adds the ids of the extents that <paramref name="value"/> belongs to, in ascending order.</summary>
    void Assign(double value, List<long> extentIds);

    /// <summary>The extent's inclusive bounds; null is an open end.</summary>
    (double? Lower, double? Upper) Bounds(long extentId);
}
