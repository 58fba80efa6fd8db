using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>The I/O a <see cref="JobRuntime"/> works through: embedded defaults locally, Azure and Kafka deployed.</summary>
internal sealed record JobRuntimeServices
{
    public required IWindowEntityStore Store { get; init; }
    public required IViewStore Views { get; init; }
    public required IRecordTableStore RecordTables { get; init; }
    public required IRecordPublisher Publisher { get; init; }
    public required IProgressTracker Progress { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The topic a task's spec names, as deployed: app settings may rename it (<c>Topic_&lt;task&gt;</c>).</summary>
    public Func<string, string, string> ResolveTopic { get; init; } = (_, topic) => topic;
}
