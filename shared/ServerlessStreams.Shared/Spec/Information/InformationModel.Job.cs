namespace ServerlessStreams.Spec.Information;

internal static partial class InformationModel
{
    private static SpecObject JobObject() => new()
    {
        Name = Job,
        Noun = "job",
        Path = "$",
        Doc = "A job: tasks joined by a workflow, windows over function tasks, and triggers that fire them.",
        Fields = new[]
        {
            Field("name", SpecValueType.Name, "The job's name, used in the names of its functions and of its stored state.") with { Required = true },
            Field("workflow", SpecValueType.Workflow, "Edges `[from, to]` between task names; segments flow from inputs through functions to outputs. The graph has no cycles.") with { Required = true },
            Field("catalog", SpecValueType.ObjectArray, "The tasks. Every task appears in the workflow.") with { ObjectName = CatalogEntry, Required = true },
            Field("windows", SpecValueType.ObjectArray, "Windows over the segments of function tasks.") with { ObjectName = Window, DefaultJson = "[]" },
            Field("triggers", SpecValueType.ObjectArray, "Triggers that fire windows' extents and send the state to a sync.") with { ObjectName = Trigger, DefaultJson = "[]" },
            Field("flowConditions", SpecValueType.ObjectArray, "Predicates that decide which downstream tasks receive a segment.") with { ObjectName = FlowCondition, DefaultJson = "[]" },
            Field("time", SpecValueType.Object, "Event-time settings: watermarks and lateness.") with { ObjectName = Time, DefaultJson = "{}" },
            Field("deadLetter", SpecValueType.Object, "Where segments that cannot be processed go.") with { ObjectName = DeadLetter },
            Field("lateData", SpecValueType.Object, "Where late segments go.") with { ObjectName = LateData },
            Field("dedupeRetention", SpecValueType.Duration, "How long segment ids are remembered for de-duplication.") with { DefaultJson = "\"7d\"", Bounds = SpecBounds.Positive },
        },
    };

    private static SpecObject TimeObject() => new()
    {
        Name = Time,
        Noun = "time settings",
        Path = "$.time",
        Doc = "Event time. A partition's watermark is the largest event time it has seen minus `maxOutOfOrderness`; a task's watermark is the smallest over the partitions that saw data within `idleTimeout`. Lateness is decided per window extent against the watermark, as Flink and Kafka Streams decide it (see `allowedLateness`).",
        Fields = new[]
        {
            Field("maxOutOfOrderness", SpecValueType.Duration, "How far the watermark stays behind the largest event time a partition has seen: watermark and percentile-watermark triggers wait this long for out-of-order segments before they fire.") with { DefaultJson = "\"0s\"", Bounds = SpecBounds.NotNegative },
            Field("allowedLateness", SpecValueType.Duration, "How long after its end a window extent still takes segments. A segment counts in every extent it belongs to whose end + `allowedLateness` is after the watermark (re-firing a fired extent as a correction); it is late, and goes to `lateData`, only when it belongs to no such extent. A fixed or sliding extent ends one unit past its upper bound, a session at its last event time + `timeoutGap`; a global window, or one whose key holds numbers, never ends, so a task with one is never late. A closed extent whose result a watermark or percentile-watermark trigger has delivered is removed. The default, a day, is Kafka Streams' long-standing default grace: a job that does not say loses nothing to ordinary disorder or replays, and fired extents still leave the store a day after they end.") with { DefaultJson = "\"1d\"", Bounds = SpecBounds.NotNegative },
            Field("idleTimeout", SpecValueType.Duration, "A partition without data for this long no longer holds the watermark back.") with { DefaultJson = "\"1m\"", Bounds = SpecBounds.Positive },
        },
    };

    private static SpecObject DestinationObject(string name, string noun, string doc) => new()
    {
        Name = name,
        Noun = noun,
        Path = "$." + name,
        Doc = doc,
        ExactlyOneOf = new[] { "topic", "table" },
        Fields = new[]
        {
            Field("topic", SpecValueType.TopicName, "A Kafka topic."),
            Field("table", SpecValueType.TableName, "An Azure Table."),
        },
    };
}
