namespace ServerlessStreams.Spec.Information;

internal static partial class InformationModel
{
    private static SpecObject TriggerObject() => new()
    {
        Name = Trigger,
        Noun = "trigger",
        Path = "$.triggers[*]",
        Doc = "Fires a window's extents: the extent's state goes to `sync`, then `refinement` decides whether the state is kept.",
        Fields = new[]
        {
            Field("id", SpecValueType.Name, "The trigger's id, unique in the job.") with { Required = true },
            Field("windowId", SpecValueType.String, "The window the trigger fires.") with { Required = true },
            Field("on", SpecValueType.String,
                "`segment`: every `threshold` segments per group key; `timer`: every `period` of processing time; `punctuation`: when `pred` holds for a segment; `watermark`: when the watermark passes an extent's end; `percentileWatermark`: when a segment's time passes `percentage` of an extent.") with
            {
                Required = true,
                Choices = new[] { "segment", "timer", "punctuation", "watermark", "percentileWatermark" },
            },
            Field("threshold", SpecValueType.Integer, "Segments per group key between firings.") with
            {
                RequiredWhen = SpecCondition.When("on", "segment"),
                AppliesWhen = SpecCondition.When("on", "segment"),
                Bounds = SpecBounds.AtLeast(1),
            },
            Field("period", SpecValueType.Duration, "Processing time between firings.") with
            {
                RequiredWhen = SpecCondition.When("on", "timer"),
                AppliesWhen = SpecCondition.When("on", "timer"),
                Bounds = SpecBounds.Positive,
            },
            Field("pred", SpecValueType.Predicate, "The punctuation: fires when it holds for a segment.") with
            {
                ObjectName = Pred,
                RequiredWhen = SpecCondition.When("on", "punctuation"),
                AppliesWhen = SpecCondition.When("on", "punctuation"),
            },
            Field("percentage", SpecValueType.Number, "The fraction of an extent a segment's time must pass.") with
            {
                RequiredWhen = SpecCondition.When("on", "percentileWatermark"),
                AppliesWhen = SpecCondition.When("on", "percentileWatermark"),
                Bounds = new SpecBounds(Min: 0, MinExclusive: true, Max: 1),
            },
            Field("fireAllExtents", SpecValueType.Boolean, "Fire every live extent of the key, not only the ones the event touches.") with { DefaultJson = "false" },
            Field("refinement", SpecValueType.String, "`accumulating` keeps an extent's state after firing; `discarding` resets it.") with
            {
                Choices = new[] { "accumulating", "discarding" },
                DefaultJson = "\"accumulating\"",
            },
            Field("sync", SpecValueType.Sync, "Where firings go.") with { ObjectName = Sync },
        },
    };

    private static SpecObject SyncObject() => new()
    {
        Name = Sync,
        Noun = "sync",
        Path = "$.triggers[*].sync",
        Doc = "Where a trigger's firings go.",
        StringForm = "a registered callback's name",
        ExactlyOneOf = new[] { "table", "topic", "callback" },
        Fields = new[]
        {
            Field("table", SpecValueType.TableName, "An Azure Table view: one row per (window, key, extent), written idempotently."),
            Field("topic", SpecValueType.TopicName, "A Kafka topic: one record per firing."),
            Field("callback", SpecValueType.String, "A registered C# callback's name."),
        },
    };
}
