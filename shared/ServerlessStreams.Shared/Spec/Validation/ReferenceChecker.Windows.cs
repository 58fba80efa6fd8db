using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Spec.Information;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Spec.Validation;

internal sealed partial class ReferenceChecker
{
    private static readonly string[] LengthKeys = ["range", "slide", "timeoutGap"];

    private void CheckWindows(JsonObject root)
    {
        UniqueNames(root, "windows", "id", "window id");
        foreach (var (index, window) in JsonText.Objects(root, "windows"))
        {
            var path = ArrayPath("windows", index);
            var type = JsonText.String(window, "type");
            if (JsonText.String(window, "id") is { } id) _windowTypes.TryAdd(id, type);

            CheckWindowTask(window, path);
            if (CheckKeyKinds(window, path)) CheckRangeAndSlide(window, type, path);
            CheckAggregation(window, type, path);
        }
    }

    private void CheckWindowTask(JsonObject window, string path)
    {
        if (JsonText.String(window, "task") is not { } task) return;
        var taskPath = JsonPaths.Property(path, "task");
        if (!_taskTypes.TryGetValue(task, out var taskType))
            errors.Add(UnknownTask, taskPath, $"no task named '{task}' in the catalog{NearestName.Hint(task, _taskTypes.Keys)}");
        else if (taskType is not (null or "function"))
            errors.Add(WindowTaskNotFunction, taskPath, $"windows belong to function tasks, and '{task}' is {(taskType == "input" ? "an" : "a")} {taskType}");
    }

    /// <summary>
    /// A numeric length means the window key holds numbers, a duration that it holds times; one window uses one kind.
    /// Returns whether the lengths agree.
    /// </summary>
    private bool CheckKeyKinds(JsonObject window, string path)
    {
        string? firstKey = null;
        var firstKind = JsonValueKind.Undefined;
        var agree = true;
        foreach (var key in LengthKeys)
        {
            var kind = JsonText.Kind(window[key]);
            if (kind is not (JsonValueKind.String or JsonValueKind.Number)) continue;
            if (firstKey is null)
            {
                (firstKey, firstKind) = (key, kind);
                continue;
            }

            if (kind == firstKind) continue;
            agree = false;
            var message = firstKind == JsonValueKind.Number
                ? $"{key} must be a number like {firstKey}: a numeric {firstKey} means the window key holds numbers"
                : $"{key} must be a duration like {firstKey}: a duration {firstKey} means the window key holds times";
            errors.Add(KeyKindMismatch, JsonPaths.Property(path, key), message);
        }

        return agree;
    }

    private void CheckRangeAndSlide(JsonObject window, string? type, string path)
    {
        if (type != "sliding" || Length(window["range"]) is not { } range || Length(window["slide"]) is not { } slide) return;
        if (range < slide) errors.Add(RangeLessThanSlide, JsonPaths.Property(path, "range"), "a sliding window needs range >= slide");
    }

    /// <summary>A window length in milliseconds or units, or null when it is absent or invalid (reported elsewhere).</summary>
    private static double? Length(JsonNode? node) => JsonText.Kind(node) switch
    {
        JsonValueKind.Number => node!.GetValue<double>(),
        JsonValueKind.String when Durations.TryParse(node!.GetValue<string>(), out var duration) => duration.TotalMilliseconds,
        _ => null,
    };

    private void CheckAggregation(JsonObject window, string? type, string path)
    {
        if (JsonText.String(window, "aggregation") is not { } name || InformationModel.BuiltInAggregations.Contains(name)) return;
        var aggregationPath = JsonPaths.Property(path, "aggregation");
        if (InformationModel.FieldAggregations.Contains(name))
        {
            errors.Add(AggregationNeedsField, aggregationPath, $"{name} needs a field: write [\"{name}\", \"<field>\"]");
        }
        else if (!registry.Aggregations.TryGetValue(name, out var aggregation))
        {
            var known = InformationModel.BuiltInAggregations.Concat(InformationModel.FieldAggregations).Concat(registry.Aggregations.Keys);
            errors.Add(UnregisteredAggregation, aggregationPath, $"no aggregation named '{name}' is registered{NearestName.Hint(name, known)}");
        }
        else if (type == "session" && !aggregation.CanMerge)
        {
            errors.Add(AggregationCannotMerge, aggregationPath,
                $"a session window merges sessions, but the registered aggregation '{name}' cannot merge");
        }
    }
}
