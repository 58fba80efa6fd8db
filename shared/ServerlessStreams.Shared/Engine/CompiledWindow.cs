using ServerlessStreams.Aggregations;
using ServerlessStreams.Spec;
using ServerlessStreams.Windows;

namespace ServerlessStreams.Engine;

/// <summary>A window of a task, ready to run: its assigner, aggregation and triggers.</summary>
public sealed class CompiledWindow
{
    public required int Index { get; init; }
    public required WindowSpec Spec { get; init; }
    /// <summary>Fixed, sliding and global windows; null for sessions.</summary>
    public IWindowAssigner? Assigner { get; init; }
    /// <summary>Session windows; null otherwise.</summary>
    public SessionWindows? Sessions { get; init; }
    public required Aggregation Aggregation { get; init; }
    public required IReadOnlyList<CompiledTrigger> Triggers { get; init; }

    public string Id => Spec.Id;

    public bool IsSession => Sessions is not null;

    /// <summary>A fixed window's assigner, used to place a value without a list.</summary>
    public SlidingWindows? Fixed => Assigner is SlidingWindows { IsFixed: true } s ? s : null;

    public (double? Lower, double? Upper) Bounds(long extentId, ExtentState extent) =>
        IsSession ? (extent.Lower, extent.Upper) : Assigner!.Bounds(extentId);
}
