namespace ServerlessStreams.Local.Host;

internal enum TriggerActivityKind
{
    /// <summary>A batch was accepted and its offsets committed.</summary>
    BatchDelivered,
    /// <summary>An invocation failed; a Kafka batch will be delivered again.</summary>
    InvocationFailed,
    /// <summary>A timer function ran.</summary>
    TimerFired,
}

/// <summary>One thing the local trigger host did, for status displays and tests.</summary>
/// <param name="Offsets">For Kafka batches: the records' coordinates in delivery order.</param>
internal sealed record TriggerActivity(
    string FunctionName,
    TriggerActivityKind Kind,
    int Records,
    int Attempt,
    string? Error,
    IReadOnlyList<Segments.SourceCoordinates> Offsets);
