using ServerlessStreams.Segments;

namespace ServerlessStreams.Stages;

/// <summary>
/// What a function task made of one input segment: the group key and de-duplication id it is counted under,
/// the segments its function returned (they feed the task's windows), and where each goes downstream.
/// </summary>
internal sealed record StageOutput(
    GroupKey Key,
    SegmentId DedupeId,
    IReadOnlyList<Segment> Results,
    IReadOnlyList<RoutedSegment> Emitted);

/// <summary>A segment on its way to a downstream task.</summary>
internal sealed record RoutedSegment(string Task, Segment Segment);
