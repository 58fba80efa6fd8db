namespace ServerlessStreams.Durable.Progress;

/// <summary>How far one source partition of a task has got: its largest event time and when it last had data.</summary>
public sealed record PartitionProgress(string Source, double MaxEventTime, DateTimeOffset LastActivity);
