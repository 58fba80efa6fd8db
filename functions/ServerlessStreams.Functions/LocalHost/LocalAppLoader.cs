using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Functions.LocalHost;

/// <summary>Reads host.json and the <c>&lt;function&gt;/function.json</c> folders of a function app directory.</summary>
public static class LocalAppLoader
{
    private static readonly JsonDocumentOptions Lenient = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="InvalidOperationException">A file is missing or malformed; the message names the file and property.</exception>
    public static LocalAppDefinition Load(string directory)
    {
        var hostPath = Path.Combine(directory, "host.json");
        if (!File.Exists(hostPath))
        {
            throw new InvalidOperationException($"{hostPath} does not exist: the local host needs the app's host.json (run generate).");
        }
        var host = ReadObject(hostPath);
        var kafka = host["extensions"]?["kafka"] as JsonObject;
        var maxBatchSize = Integer(kafka, "maxBatchSize", hostPath, "extensions.kafka.maxBatchSize") ?? LocalAppDefinition.DefaultMaxBatchSize;
        if (maxBatchSize <= 0)
        {
            throw new InvalidOperationException($"{hostPath}: extensions.kafka.maxBatchSize must be positive, found {maxBatchSize}");
        }
        var maxRetries = Integer(kafka, "maxRetries", hostPath, "extensions.kafka.maxRetries") ?? LocalAppDefinition.DefaultMaxRetries;
        var autoCommitInterval = Integer(kafka, "autoCommitIntervalMs", hostPath, "extensions.kafka.autoCommitIntervalMs")
            ?? LocalAppDefinition.DefaultAutoCommitIntervalMs;
        if (autoCommitInterval <= 0)
        {
            throw new InvalidOperationException($"{hostPath}: extensions.kafka.autoCommitIntervalMs must be positive, found {autoCommitInterval}");
        }

        var kafkaFunctions = new List<KafkaTriggerFunction>();
        var timerFunctions = new List<TimerTriggerFunction>();
        var others = new List<string>();
        foreach (var functionDirectory in System.IO.Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(functionDirectory, "function.json");
            if (!File.Exists(path)) continue;
            var name = Path.GetFileName(functionDirectory);
            var trigger = TriggerOf(ReadObject(path), path);
            switch (Text(trigger, "type", path, required: true)!.ToLowerInvariant())
            {
                case "kafkatrigger":
                    kafkaFunctions.Add(new KafkaTriggerFunction(
                        name,
                        Text(trigger, "name", path, required: true)!,
                        Text(trigger, "topic", path, required: true)!,
                        Text(trigger, "brokerList", path, required: true)!,
                        Text(trigger, "consumerGroup", path, required: true)!,
                        Text(trigger, "username", path, required: false),
                        Text(trigger, "password", path, required: false)));
                    break;
                case "timertrigger":
                    timerFunctions.Add(new TimerTriggerFunction(
                        name,
                        Text(trigger, "name", path, required: true)!,
                        Text(trigger, "schedule", path, required: true)!));
                    break;
                default:
                    others.Add(name);
                    break;
            }
        }
        return new LocalAppDefinition(directory, maxBatchSize, maxRetries, kafkaFunctions, timerFunctions, others)
        {
            AutoCommitIntervalMs = autoCommitInterval,
        };
    }

    private static JsonObject ReadObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: Lenient) as JsonObject
                ?? throw new InvalidOperationException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    private static JsonObject TriggerOf(JsonObject function, string path)
    {
        if (function["bindings"] is not JsonArray bindings)
        {
            throw new InvalidOperationException($"{path}: 'bindings' must be an array");
        }
        var triggers = bindings.OfType<JsonObject>()
            .Where(b => b["type"] is JsonValue type && type.TryGetValue<string>(out var name) &&
                        name.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            .ToList();
        return triggers.Count == 1
            ? triggers[0]
            : throw new InvalidOperationException($"{path}: a function needs exactly one trigger binding, found {triggers.Count}");
    }

    private static string? Text(JsonObject node, string name, string path, bool required)
    {
        var value = node[name];
        if (value is JsonValue json && json.TryGetValue<string>(out var text) && !string.IsNullOrEmpty(text)) return text;
        if (value is null && !required) return null;
        throw new InvalidOperationException(value is null
            ? $"{path}: the trigger binding has no '{name}'"
            : $"{path}: the trigger binding's '{name}' must be a non-empty string, found {value.ToJsonString()}");
    }

    private static int? Integer(JsonObject? node, string name, string path, string label)
    {
        var value = node?[name];
        if (value is null) return null;
        if (value is JsonValue json && json.GetValueKind() == JsonValueKind.Number && json.GetValue<JsonElement>().TryGetInt32(out var number))
        {
            return number;
        }
        throw new InvalidOperationException($"{path}: {label} must be an integer, found {value.ToJsonString()}");
    }
}
