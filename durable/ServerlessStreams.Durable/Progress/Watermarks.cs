using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Progress;

/// <summary>
/// A task's watermark: the smallest largest-event-time over its partitions that had data within the idle timeout,
/// minus maxOutOfOrderness. An idle partition stops holding the watermark back; when every partition is idle the
/// stream has stopped, and the watermark moves to the largest time seen so the last windows can close. A partition
/// that exists but has had no data yet holds the watermark back (none is known) until it becomes idle.
/// </summary>
internal static class Watermarks
{
    public static double? Compute(IReadOnlyList<PartitionProgress> partitions, DateTimeOffset now, TimeSettings time)
    {
        if (partitions.Count == 0) return null;
        var active = partitions.Where(p => now - p.LastActivity <= time.IdleTimeout).ToList();
        var basis = active.Count > 0 ? active.Min(p => p.MaxEventTime) : partitions.Max(p => p.MaxEventTime);
        if (basis <= PartitionProgress.NoData) return null;
        return basis - time.MaxOutOfOrderness.TotalMilliseconds;
    }
}
