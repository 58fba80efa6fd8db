using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Fixtures;

/// <summary>Job specs built in code, as DESIGN §2 writes them.</summary>
internal static class SampleJobs
{
    /// <summary>The election sample: votes (Kafka, batchSize 500) → process-vote → results, with a 5 s timer trigger.</summary>
    public static JobSpec Election() => new()
    {
        Name = "election",
        Workflow = new[] { new WorkflowEdge("votes", "process-vote"), new WorkflowEdge("process-vote", "results") },
        Catalog = new[]
        {
            new TaskSpec { Name = "votes", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "votes", BatchSize = 500 },
            new TaskSpec { Name = "process-vote", Type = TaskType.Function, Fn = "identity", GroupByKey = new[] { "candidate" }, UniquenessKey = "voterId" },
            new TaskSpec { Name = "results", Type = TaskType.Output, Medium = Medium.Kafka, Topic = "vote-results" },
        },
        Windows = new[]
        {
            new WindowSpec { Id = "votes-per-hour", Task = "process-vote", Type = WindowType.Fixed, Aggregation = AggregationSpec.Count, WindowKey = "eventTime", Range = 3_600_000 },
        },
        Triggers = new[]
        {
            new TriggerSpec { Id = "every-10", WindowId = "votes-per-hour", On = TriggerKind.Segment, Threshold = 10 },
            new TriggerSpec { Id = "tick", WindowId = "votes-per-hour", On = TriggerKind.Timer, Period = TimeSpan.FromSeconds(5) },
        },
    };

    /// <summary>A job with two Kafka inputs of different batch sizes and no timer trigger.</summary>
    public static JobSpec TwoInputs() => new()
    {
        Name = "clicks",
        Catalog = new[]
        {
            new TaskSpec { Name = "web clicks", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "clicks-web", BatchSize = 200 },
            new TaskSpec { Name = "app_clicks", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "clicks-app", BatchSize = 50 },
            new TaskSpec { Name = "archive", Type = TaskType.Input, Medium = Medium.Table, Table = "Archive" },
            new TaskSpec { Name = "count", Type = TaskType.Function, Fn = "identity" },
        },
    };
}
