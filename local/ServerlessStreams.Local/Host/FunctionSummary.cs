namespace ServerlessStreams.Local.Host;

/// <summary>One function's counters at a moment.</summary>
/// <param name="RecordsDelivered">Records in batches whose invocation succeeded (kafka functions).</param>
/// <param name="Invocations">Successful invocations: batches for kafka functions, ticks for timers.</param>
/// <param name="Failures">Failed invocations (each one is retried for kafka functions).</param>
/// <param name="Lag">Records behind the end of the assigned partitions; null before the broker reported it.</param>
/// <param name="AssignedPartitions">
/// The partitions the kafka function's consumer-group member holds, ascending; empty while the group rebalances, null
/// before the consumer first said (and for timers).
/// </param>
/// <param name="LostRecords">Records the broker deleted before the kafka function read them (retention).</param>
internal sealed record FunctionSummary(
    string FunctionName,
    string Trigger,
    long RecordsDelivered,
    long Invocations,
    long Failures,
    long? Lag,
    string? LastError,
    IReadOnlyList<int>? AssignedPartitions = null,
    long LostRecords = 0)
{
    public override string ToString() => Trigger == "timer"
        ? $"{FunctionName}: {Invocations} ticks, {Failures} failures"
        : $"{FunctionName}: {RecordsDelivered} records in {Invocations} batches, {Failures} failures, lag {(Lag is { } lag ? lag : "?")}" +
          (LostRecords > 0 ? $", {LostRecords} records LOST ({LastError})" : "");
}
