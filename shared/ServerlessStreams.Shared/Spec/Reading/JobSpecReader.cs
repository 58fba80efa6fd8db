using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Spec.Reading;

/// <summary>Turns a document that passed every check into the model; absent keys take the model's defaults.</summary>
internal static class JobSpecReader
{
    public static JobSpec Read(JsonObject root) => new()
    {
        Name = Text(root, "name")!,
        Workflow = Array(root, "workflow").Select(e => new WorkflowEdge(Text(e![0])!, Text(e[1])!)).ToArray(),
        Catalog = Array(root, "catalog").Select(t => ReadTask(t!.AsObject())).ToArray(),
        Windows = Array(root, "windows").Select(w => ReadWindow(w!.AsObject())).ToArray(),
        Triggers = Array(root, "triggers").Select(t => ReadTrigger(t!.AsObject())).ToArray(),
        FlowConditions = Array(root, "flowConditions").Select(f => ReadFlowCondition(f!.AsObject())).ToArray(),
        Time = root["time"] is JsonObject time ? ReadTime(time) : TimeSettings.Default,
        DeadLetter = ReadDestination(root["deadLetter"]),
        LateData = ReadDestination(root["lateData"]),
        DedupeRetention = Duration(root, "dedupeRetention") ?? JobSpec.DefaultDedupeRetention,
    };

    private static TaskSpec ReadTask(JsonObject task) => new()
    {
        Name = Text(task, "name")!,
        Type = Choice<TaskType>(task, "type")!.Value,
        Medium = Choice<Medium>(task, "medium"),
        Topic = Text(task, "topic"),
        Table = Text(task, "table"),
        BatchSize = task["batchSize"]?.GetValue<int>(),
        Fn = Text(task, "fn"),
        GroupByKey = FieldNames(task["groupByKey"]),
        GroupByFn = Text(task, "groupByFn"),
        UniquenessKey = Text(task, "uniquenessKey"),
        Ingest = task["ingest"] is JsonObject ingest ? ReadIngest(ingest) : null,
        KeyedBy = FieldNames(task["keyedBy"]),
    };

    /// <summary>One field name or an array of them.</summary>
    private static EquatableArray<string>? FieldNames(JsonNode? node) => node switch
    {
        null => (EquatableArray<string>?)null,
        JsonArray fields => new EquatableArray<string>(fields.Select(f => Text(f)!)),
        var field => new EquatableArray<string>([Text(field)!]),
    };

    private static IngestSettings ReadIngest(JsonObject ingest) => new()
    {
        KeyField = Text(ingest, "keyField"),
        MaxBodyBytes = ingest["maxBodyBytes"]?.GetValue<int>() ?? IngestSettings.Default.MaxBodyBytes,
        MaxRecordBytes = ingest["maxRecordBytes"]?.GetValue<int>() ?? IngestSettings.Default.MaxRecordBytes,
    };

    private static WindowSpec ReadWindow(JsonObject window)
    {
        var numeric = new[] { "range", "slide", "timeoutGap" }.Any(k => window[k]?.GetValueKind() == JsonValueKind.Number);
        return new WindowSpec
        {
            Id = Text(window, "id")!,
            Task = Text(window, "task")!,
            Type = Choice<WindowType>(window, "type")!.Value,
            Aggregation = ReadAggregation(window["aggregation"]!),
            WindowKey = Text(window, "windowKey"),
            KeyKind = numeric ? WindowKeyKind.Number : WindowKeyKind.Time,
            Range = Length(window["range"]),
            Slide = Length(window["slide"]),
            TimeoutGap = Length(window["timeoutGap"]),
            MinValue = window["minValue"]?.GetValue<double>() ?? 0,
        };
    }

    private static AggregationSpec ReadAggregation(JsonNode node)
    {
        if (node is JsonArray pair) return new AggregationSpec(Enum.Parse<AggregationKind>(Text(pair[0])!, ignoreCase: true), Text(pair[1]));
        var name = Text(node)!;
        return name switch
        {
            "count" => AggregationSpec.Count,
            "collect" => AggregationSpec.Collect,
            _ => AggregationSpec.Registered(name),
        };
    }

    private static TriggerSpec ReadTrigger(JsonObject trigger) => new()
    {
        Id = Text(trigger, "id")!,
        WindowId = Text(trigger, "windowId")!,
        On = Choice<TriggerKind>(trigger, "on")!.Value,
        Threshold = trigger["threshold"]?.GetValue<long>(),
        Period = Duration(trigger, "period"),
        Pred = ReadPredicate(trigger["pred"]),
        Percentage = trigger["percentage"]?.GetValue<double>(),
        FireAllExtents = trigger["fireAllExtents"]?.GetValue<bool>() ?? false,
        Refinement = Choice<Refinement>(trigger, "refinement") ?? Refinement.Accumulating,
        Sync = trigger["sync"] switch
        {
            null => null,
            JsonObject sync => new SyncSpec { Table = Text(sync, "table"), Topic = Text(sync, "topic"), Callback = Text(sync, "callback") },
            var callback => SyncSpec.ToCallback(Text(callback)!),
        },
    };

    private static FlowCondition ReadFlowCondition(JsonObject condition) => new(
        Text(condition, "from")!,
        Array(condition, "to").Select(t => Text(t)!).ToArray(),
        ReadPredicate(condition["pred"])!);

    private static PredicateSpec? ReadPredicate(JsonNode? node) => node switch
    {
        null => null,
        JsonObject pred => PredicateSpec.FieldEqualsValue(Text(pred, "field")!, pred["equals"]?.DeepClone()),
        _ => PredicateSpec.Registered(Text(node)!),
    };

    private static TimeSettings ReadTime(JsonObject time) => new()
    {
        MaxOutOfOrderness = Duration(time, "maxOutOfOrderness") ?? TimeSettings.Default.MaxOutOfOrderness,
        AllowedLateness = Duration(time, "allowedLateness") ?? TimeSettings.Default.AllowedLateness,
        IdleTimeout = Duration(time, "idleTimeout") ?? TimeSettings.Default.IdleTimeout,
    };

    private static Destination? ReadDestination(JsonNode? node) =>
        node is JsonObject destination ? new Destination { Topic = Text(destination, "topic"), Table = Text(destination, "table") } : null;

    private static double? Length(JsonNode? node) => node?.GetValueKind() switch
    {
        null => null,
        JsonValueKind.Number => node.GetValue<double>(),
        _ => Durations.Parse(node.GetValue<string>()).TotalMilliseconds,
    };

    private static TimeSpan? Duration(JsonObject obj, string key) => Text(obj, key) is { } text ? Durations.Parse(text) : null;

    private static T? Choice<T>(JsonObject obj, string key) where T : struct, Enum =>
        Text(obj, key) is { } text ? Enum.Parse<T>(text, ignoreCase: true) : null;

    private static IEnumerable<JsonNode?> Array(JsonObject obj, string key) => obj[key] as JsonArray ?? [];

    private static string? Text(JsonObject obj, string key) => Text(obj[key]);

    private static string? Text(JsonNode? node) => node?.GetValue<string>();
}
