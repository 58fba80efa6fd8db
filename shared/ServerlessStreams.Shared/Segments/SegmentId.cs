namespace ServerlessStreams.Segments;

/// <summary>
/// A segment's deterministic identity: <c>topic/partition/offset</c> for records from outside,
/// <c>parent#n</c> for the n-th segment a stage emits, or the task's uniqueness-key value.
/// Replays therefore produce the same ids.
/// </summary>
public readonly record struct SegmentId(string Value)
{
    public const string HeaderName = "ss-id";

    public static SegmentId FromSource(string topic, int partition, long offset) => new($"{topic}/{partition}/{offset}");

    public SegmentId Child(int index) => new($"{Value}#{index}");

    public override string ToString() => Value;
}
