using ServerlessStreams.Aggregations;
using ServerlessStreams.Spec;
using ServerlessStreams.Windows;

namespace ServerlessStreams.Engine;

/// <summary>A window of a task, ready to run: its assigner, aggregation and triggers.</summary>
internal sealed class CompiledWindow
{
    private readonly IWindowAssigner _assigner = null!;

    public required int Index { get; init; }
    public required WindowSpec Spec { get; init; }

    /// <summary>Fixed, sliding and global windows number their extents; sessions merge them.</summary>
    public required IWindowAssigner Assigner
    {
        get => _assigner;
        init
        {
            _assigner = value;
            Numbered = value as INumberedWindowAssigner;
            Merging = value as IMergingWindowAssigner;
            Fixed = value is SlidingWindows { IsFixed: true } s ? s : null;
        }
    }

    /// <summary>An earlier window of the task that reads the same key the same way: its value is this one's, read once.</summary>
    public int? SameKeyAs { get; init; }

    public required Aggregation Aggregation { get; init; }
    public required IReadOnlyList<CompiledTrigger> Triggers { get; init; }

    public string Id => Spec.Id;

    /// <summary>The assigner when its extents are numbered (fixed, sliding, global); null for sessions.</summary>
    public INumberedWindowAssigner? Numbered { get; private init; }

    /// <summary>The assigner when its extents merge (sessions); null otherwise.</summary>
    public IMergingWindowAssigner? Merging { get; private init; }

    /// <summary>A fixed window's assigner, used to place a value without a list.</summary>
    public SlidingWindows? Fixed { get; private init; }

    /// <summary>
    /// Whether the window's extents end in event time, so the watermark can close them: its key holds times.
    /// A numeric key (an age, a price) is not compared with watermarks, and a global window never ends.
    /// </summary>
    public bool EndsInEventTime => Spec.KeyKind == WindowKeyKind.Time && Assigner is not GlobalWindows;

    public (double? Lower, double? Upper) Bounds(long extentId, ExtentState extent) =>
        Numbered is { } numbered ? numbered.Bounds(extentId) : (extent.Lower, extent.Upper);

    /// <summary>The extent's end in event time (see <see cref="IWindowAssigner.End"/>), or null when it never ends.</summary>
    public double? EndOf(long extentId, ExtentState extent) =>
        EndsInEventTime && Bounds(extentId, extent).Upper is { } upper ? Assigner.End(upper) : null;
}
