using ServerlessStreams.Engine;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// Sends segments a key did not apply (late, or rejected) to their destinations, returning once they are stored or
/// acknowledged. The applier awaits it before the commit that makes their positions applied: a redelivered batch
/// skips those positions and would not find them again, so they must be out before the commit, not after it.
/// </summary>
internal delegate Task UnappliedSegmentsSink(IReadOnlyList<Segment> late, IReadOnlyList<RejectedSegment> rejected, CancellationToken ct);
