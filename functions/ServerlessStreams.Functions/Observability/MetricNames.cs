namespace ServerlessStreams.Functions.Observability;

/// <summary>Names of the instruments and tags of the <c>ServerlessStreams</c> meter, as exporters see them.</summary>
internal static class MetricNames
{
    public const string RecordsIn = "serverlessstreams.records.in";
    public const string RecordsOut = "serverlessstreams.records.out";
    public const string BatchDuration = "serverlessstreams.batch.duration";
    public const string EntityTransactions = "serverlessstreams.entity.transactions";
    public const string EntityConflicts = "serverlessstreams.entity.conflicts";
    public const string DedupeHits = "serverlessstreams.dedupe.hits";
    public const string LateRecords = "serverlessstreams.records.late";
    public const string DeadLetters = "serverlessstreams.records.dead_lettered";
    public const string WindowsFired = "serverlessstreams.windows.fired";
    public const string WatermarkLag = "serverlessstreams.watermark.lag";
    public const string SweeperLag = "serverlessstreams.sweeper.lag";
    public const string SweeperRuns = "serverlessstreams.sweeper.runs";

    public const string JobTag = "job";
    public const string TaskTag = "task";
    public const string TaskTypeTag = "task_type";
    public const string WindowTag = "window";
    public const string TriggerTag = "trigger";
    public const string SweptTag = "swept";
}
