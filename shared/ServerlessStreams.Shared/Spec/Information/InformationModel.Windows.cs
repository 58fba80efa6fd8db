namespace ServerlessStreams.Spec.Information;

internal static partial class InformationModel
{
    private static SpecObject WindowObject() => new()
    {
        Name = Window,
        Noun = "window",
        Path = "$.windows[*]",
        Doc = "A window over a function task's segments, per group key. Lengths are durations when the window key holds times (ISO-8601 strings or epoch milliseconds) and plain numbers when it holds numbers; one window uses one kind.",
        Fields = new[]
        {
            Field("id", SpecValueType.Name, "The window's id, unique in the job.") with { Required = true },
            Field("task", SpecValueType.String, "The function task whose segments the window aggregates.") with { Required = true },
            Field("type", SpecValueType.String, "Fixed (tumbling), sliding, global (one extent) or session (per key, split by gaps).") with
            {
                Required = true,
                Choices = new[] { "fixed", "sliding", "global", "session" },
            },
            Field("aggregation", SpecValueType.Aggregation,
                "`\"count\"`, `\"collect\"` (keeps the segments in arrival order), `[kind, field]` with kind `sum`, `min`, `max`, `average` or `distinctCount`, or a registered aggregation's name. A session window's registered aggregation must merge.") with
            {
                Required = true,
            },
            Field("windowKey", SpecValueType.String, "The segment field holding the value windows are cut by: an event time or a number.") with
            {
                RequiredWhen = SpecCondition.When("type", "fixed", "sliding", "session"),
            },
            Field("range", SpecValueType.DurationOrNumber, "The length of each extent.") with
            {
                RequiredWhen = SpecCondition.When("type", "fixed", "sliding"),
                AppliesWhen = SpecCondition.When("type", "fixed", "sliding"),
                Bounds = SpecBounds.Positive,
            },
            Field("slide", SpecValueType.DurationOrNumber, "How far apart extents start; at most `range`.") with
            {
                RequiredWhen = SpecCondition.When("type", "sliding"),
                AppliesWhen = SpecCondition.When("type", "sliding"),
                Bounds = SpecBounds.Positive,
            },
            Field("timeoutGap", SpecValueType.DurationOrNumber, "Events closer than this (in either direction) belong to one session.") with
            {
                RequiredWhen = SpecCondition.When("type", "session"),
                AppliesWhen = SpecCondition.When("type", "session"),
                Bounds = SpecBounds.Positive,
            },
            Field("minValue", SpecValueType.Number, "The smallest window-key value; extents are numbered from it (epoch milliseconds for times).") with
            {
                DefaultJson = "0",
                AppliesWhen = SpecCondition.When("type", "fixed", "sliding"),
            },
        },
    };
}
