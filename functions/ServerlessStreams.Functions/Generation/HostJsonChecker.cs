using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// Checks an existing host.json against what the app needs: no custom handler or extension bundle (it is a .NET
/// isolated app carrying its extensions), and Kafka settings under which no batch is ever committed without success.
/// Reports every problem at once.
/// </summary>
internal static class HostJsonChecker
{
    public static IReadOnlyList<HostJsonProblem> CheckFile(string path, JobSpec? job = null, GenerationOptions? options = null)
    {
        if (!File.Exists(path))
        {
            return [new HostJsonProblem("$", $"{path} does not exist; run generate to write it")];
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException e)
        {
            return [new HostJsonProblem("$", $"{path} is not valid JSON: {e.Message}")];
        }
        return Check(node, job, options);
    }

    /// <param name="job">When given, maxBatchSize is checked against the job's input batch sizes.</param>
    public static IReadOnlyList<HostJsonProblem> Check(JsonNode? hostJson, JobSpec? job = null, GenerationOptions? options = null)
    {
        options ??= GenerationOptions.Default;
        var problems = new List<HostJsonProblem>();
        if (hostJson is not JsonObject root)
        {
            problems.Add(new HostJsonProblem("$", "host.json must be a JSON object"));
            return problems;
        }

        if (Text(root, "version") != "2.0")
        {
            problems.Add(new HostJsonProblem("$.version", $"must be \"2.0\" (found {Show(root["version"])})"));
        }

        if (root["customHandler"] is not null)
        {
            problems.Add(new HostJsonProblem("$.customHandler",
                "must be absent: the app is a .NET isolated worker, which the host starts from worker.config.json"));
        }
        if (root["extensionBundle"] is not null)
        {
            problems.Add(new HostJsonProblem("$.extensionBundle",
                "must be absent: a .NET isolated app carries its extensions (.azurefunctions/), the Kafka extension among them"));
        }

        var kafka = Object(root, "extensions", "kafka");
        if (kafka is null)
        {
            problems.Add(new HostJsonProblem("$.extensions.kafka",
                "missing: without commitOnFailure false the Kafka extension commits failed batches"));
            return problems;
        }
        if (Bool(kafka["commitOnFailure"]) != false)
        {
            problems.Add(new HostJsonProblem("$.extensions.kafka.commitOnFailure",
                $"must be false (found {Show(kafka["commitOnFailure"])}): otherwise a failed batch is committed and its records are lost"));
        }
        var maxRetries = Integer(kafka["maxRetries"]);
        if (maxRetries != -1)
        {
            problems.Add(new HostJsonProblem("$.extensions.kafka.maxRetries",
                maxRetries is null
                    ? "missing: the extension's default (5) skips a batch after 5 failed deliveries; set -1 so a batch is retried until it succeeds"
                    : $"is {maxRetries}: after {maxRetries} failed deliveries the extension commits the batch anyway, skipping it; set -1"));
        }
        var maxBatchSize = Integer(kafka["maxBatchSize"]);
        if (maxBatchSize is null or <= 0)
        {
            problems.Add(new HostJsonProblem("$.extensions.kafka.maxBatchSize",
                $"must be a positive integer (found {Show(kafka["maxBatchSize"])})"));
        }
        else if (job is not null && maxBatchSize != HostJsonGenerator.MaxBatchSize(job, options))
        {
            problems.Add(new HostJsonProblem("$.extensions.kafka.maxBatchSize",
                $"is {maxBatchSize} but job '{job.Name}' asks for batches of {HostJsonGenerator.MaxBatchSize(job, options)}"));
        }
        return problems;
    }

    private static JsonObject? Object(JsonObject? node, params string[] path)
    {
        var current = node;
        foreach (var name in path)
        {
            current = current?[name] as JsonObject;
        }
        return current;
    }

    private static string? Text(JsonObject? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool? Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    private static long? Integer(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        if (value.TryGetValue<long>(out var number)) return number;
        if (value.TryGetValue<int>(out var small)) return small;
        return value.GetValueKind() == JsonValueKind.Number && value.GetValue<JsonElement>().TryGetInt64(out var parsed) ? parsed : null;
    }

    private static string Show(JsonNode? node) => node is null ? "nothing" : node.ToJsonString();
}
