using System.Text.Json.Nodes;
using ServerlessStreams.Local.Host.Rpc;

namespace ServerlessStreams.Local.Host;

/// <summary>Sorts the worker's indexed functions by trigger, reading each trigger's raw binding as the host reads it.</summary>
internal static class WorkerFunctionCatalog
{
    /// <exception cref="InvalidOperationException">A trigger binding lacks a property the host needs, or a setting it references is not set.</exception>
    public static LocalAppDefinition Describe(string appDirectory, HostJsonSettings settings, IEnumerable<WorkerFunction> functions,
        AppSettings appSettings)
    {
        var kafka = new List<KafkaTriggerFunction>();
        var timers = new List<TimerTriggerFunction>();
        var http = new List<string>();
        var others = new List<string>();
        foreach (var function in functions.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var trigger = function.Trigger;
            switch (function.TriggerType?.ToLowerInvariant())
            {
                case "kafkatrigger":
                    kafka.Add(new KafkaTriggerFunction(
                        function.Name,
                        Text(function, trigger!, "name", required: true)!,
                        Text(function, trigger!, "topic", required: true)!,
                        Text(function, trigger!, "brokerList", required: true)!,
                        Text(function, trigger!, "consumerGroup", required: true)!,
                        Text(function, trigger!, "username", required: false),
                        Text(function, trigger!, "password", required: false),
                        string.Equals(Text(function, trigger!, "dataType", required: false), "binary", StringComparison.OrdinalIgnoreCase)
                            ? KafkaBatchDataType.Binary
                            : KafkaBatchDataType.String));
                    break;
                case "timertrigger":
                    var schedule = Text(function, trigger!, "schedule", required: true)!;
                    timers.Add(new TimerTriggerFunction(
                        function.Name,
                        Text(function, trigger!, "name", required: true)!,
                        appSettings.Resolve(schedule, $"function '{function.Name}' timerTrigger schedule")));
                    break;
                case "httptrigger":
                    http.Add(function.Name);
                    break;
                default:
                    others.Add(function.Name);
                    break;
            }
        }
        return new LocalAppDefinition(appDirectory, settings, kafka, timers, http, others);
    }

    private static string? Text(WorkerFunction function, JsonObject trigger, string name, bool required)
    {
        // The worker SDK writes attribute properties in camelCase; a hand-written binding may differ in case.
        var value = trigger.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (value is JsonValue json && json.TryGetValue<string>(out var text) && !string.IsNullOrEmpty(text)) return text;
        if (value is null && !required) return null;
        throw new InvalidOperationException(value is null
            ? $"function '{function.Name}': its {function.TriggerType} binding has no '{name}'"
            : $"function '{function.Name}': its {function.TriggerType} binding's '{name}' must be a non-empty string, found {value.ToJsonString()}");
    }
}
