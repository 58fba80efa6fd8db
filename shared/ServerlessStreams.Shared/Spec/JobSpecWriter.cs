using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Spec;

/// <summary>
/// Writes a model as the JSON document the loader reads back into an equal model. Keys at their default
/// values are left out; lengths are durations for time window keys and plain numbers for numeric ones.
/// </summary>
public static class JobSpecWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The job's document as JSON text.</summary>
    public static string Write(JobSpec job, bool indented = true) =>
        ToJsonObject(job).ToJsonString(indented ? Indented : JsonSerializerOptions.Default);

    /// <summary>The job's document.</summary>
    public static JsonObject ToJsonObject(JobSpec job)
    {
        var root = new JsonObject
        {
            ["name"] = job.Name,
            ["workflow"] = new JsonArray(job.Workflow.Select(e => (JsonNode)new JsonArray(e.From, e.To)).ToArray()),
            ["catalog"] = new JsonArray(job.Catalog.Select(t => (JsonNode)WriteTask(t)).ToArray()),
        };
        if (job.Windows.Count > 0) root["windows"] = new JsonArray(job.Windows.Select(w => (JsonNode)WriteWindow(w)).ToArray());
        if (job.Triggers.Count > 0) root["triggers"] = new JsonArray(job.Triggers.Select(t => (JsonNode)WriteTrigger(t)).ToArray());
        if (job.FlowConditions.Count > 0) root["flowConditions"] = new JsonArray(job.FlowConditions.Select(f => (JsonNode)WriteFlowCondition(f)).ToArray());
        if (job.Time != TimeSettings.Default) root["time"] = WriteTime(job.Time);
        if (job.DeadLetter is { } deadLetter) root["deadLetter"] = WriteDestination(deadLetter);
        if (job.LateData is { } lateData) root["lateData"] = WriteDestination(lateData);
        if (job.DedupeRetention != JobSpec.DefaultDedupeRetention) root["dedupeRetention"] = Durations.Format(job.DedupeRetention);
        return root;
    }

    private static JsonObject WriteTask(TaskSpec task)
    {
        var obj = new JsonObject { ["name"] = task.Name, ["type"] = Name(task.Type) };
        Add(obj, "medium", task.Medium is { } medium ? Name(medium) : null);
        Add(obj, "topic", task.Topic);
        Add(obj, "table", task.Table);
        if (task.BatchSize is { } batchSize) obj["batchSize"] = batchSize;
        Add(obj, "fn", task.Fn);
        if (task.GroupByKey is { } fields) obj["groupByKey"] = WriteFieldNames(fields);
        Add(obj, "groupByFn", task.GroupByFn);
        Add(obj, "uniquenessKey", task.UniquenessKey);
        if (task.Ingest is { } ingest) obj["ingest"] = WriteIngest(ingest);
        if (task.KeyedBy is { } keyedBy) obj["keyedBy"] = WriteFieldNames(keyedBy);
        return obj;
    }

    private static JsonNode WriteFieldNames(EquatableArray<string> fields) =>
        fields.Count == 1 ? fields[0] : new JsonArray(fields.Select(f => (JsonNode?)f).ToArray());

    private static JsonObject WriteIngest(IngestSettings ingest)
    {
        var obj = new JsonObject();
        Add(obj, "keyField", ingest.KeyField);
        if (ingest.MaxBodyBytes != IngestSettings.Default.MaxBodyBytes) obj["maxBodyBytes"] = ingest.MaxBodyBytes;
        if (ingest.MaxRecordBytes != IngestSettings.Default.MaxRecordBytes) obj["maxRecordBytes"] = ingest.MaxRecordBytes;
        return obj;
    }

    private static JsonObject WriteWindow(WindowSpec window)
    {
        var obj = new JsonObject
        {
            ["id"] = window.Id,
            ["task"] = window.Task,
            ["type"] = Name(window.Type),
            ["aggregation"] = WriteAggregation(window.Aggregation),
        };
        Add(obj, "windowKey", window.WindowKey);
        if (window.Range is { } range) obj["range"] = WriteLength(range, window.KeyKind);
        if (window.Slide is { } slide) obj["slide"] = WriteLength(slide, window.KeyKind);
        if (window.TimeoutGap is { } gap) obj["timeoutGap"] = WriteLength(gap, window.KeyKind);
        if (window.MinValue != 0) obj["minValue"] = WriteNumber(window.MinValue);
        return obj;
    }

    private static JsonNode? WriteAggregation(AggregationSpec aggregation) => aggregation.Kind switch
    {
        AggregationKind.Count => "count",
        AggregationKind.Collect => "collect",
        AggregationKind.Registered => aggregation.Name ?? "",
        _ => new JsonArray(Name(aggregation.Kind), aggregation.Field),
    };

    private static JsonNode WriteLength(double length, WindowKeyKind kind) =>
        kind == WindowKeyKind.Number ? WriteNumber(length) : Durations.FormatMilliseconds(length);

    // JSON has no NaN or infinities; written as text they fail validation with the value in the message.
    private static JsonNode WriteNumber(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static JsonObject WriteTrigger(TriggerSpec trigger)
    {
        var obj = new JsonObject { ["id"] = trigger.Id, ["windowId"] = trigger.WindowId, ["on"] = Name(trigger.On) };
        if (trigger.Threshold is { } threshold) obj["threshold"] = threshold;
        if (trigger.Period is { } period) obj["period"] = Durations.Format(period);
        if (trigger.Pred is { } pred) obj["pred"] = WritePredicate(pred);
        if (trigger.Percentage is { } percentage) obj["percentage"] = WriteNumber(percentage);
        if (trigger.FireAllExtents) obj["fireAllExtents"] = true;
        if (trigger.Refinement != Refinement.Accumulating) obj["refinement"] = Name(trigger.Refinement);
        if (trigger.Sync is { } sync) obj["sync"] = WriteSync(sync);
        return obj;
    }

    private static JsonObject WriteSync(SyncSpec sync)
    {
        var obj = new JsonObject();
        Add(obj, "table", sync.Table);
        Add(obj, "topic", sync.Topic);
        Add(obj, "callback", sync.Callback);
        return obj;
    }

    private static JsonNode WritePredicate(PredicateSpec pred)
    {
        if (pred is { Name: { } name, Field: null, EqualsJson: null }) return name;
        var obj = new JsonObject();
        Add(obj, "name", pred.Name);
        Add(obj, "field", pred.Field);
        if (pred.EqualsJson is { } equals) obj["equals"] = ParseOrText(equals);
        return obj;
    }

    // Text that is not JSON is kept as a string so the document can still be written; the validator reports it.
    private static JsonNode? ParseOrText(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static JsonObject WriteFlowCondition(FlowCondition condition) => new()
    {
        ["from"] = condition.From,
        ["to"] = new JsonArray(condition.To.Select(t => (JsonNode?)t).ToArray()),
        ["pred"] = WritePredicate(condition.Pred),
    };

    private static JsonObject WriteTime(TimeSettings time)
    {
        var obj = new JsonObject();
        var defaults = TimeSettings.Default;
        if (time.MaxOutOfOrderness != defaults.MaxOutOfOrderness) obj["maxOutOfOrderness"] = Durations.Format(time.MaxOutOfOrderness);
        if (time.AllowedLateness != defaults.AllowedLateness) obj["allowedLateness"] = Durations.Format(time.AllowedLateness);
        if (time.IdleTimeout != defaults.IdleTimeout) obj["idleTimeout"] = Durations.Format(time.IdleTimeout);
        return obj;
    }

    private static JsonObject WriteDestination(Destination destination)
    {
        var obj = new JsonObject();
        Add(obj, "topic", destination.Topic);
        Add(obj, "table", destination.Table);
        return obj;
    }

    private static void Add(JsonObject obj, string key, string? value)
    {
        if (value is not null) obj[key] = value;
    }

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
