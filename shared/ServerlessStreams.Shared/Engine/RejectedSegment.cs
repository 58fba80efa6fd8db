using ServerlessStreams.Segments;

namespace ServerlessStreams.Engine;

/// <summary>A segment the engine could not process, with the reason (it goes to the dead-letter destination).</summary>
internal sealed record RejectedSegment(Segment Segment, string Reason);
