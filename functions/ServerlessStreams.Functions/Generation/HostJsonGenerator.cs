using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// host.json for a job's app: the custom handler (the self-contained app, started with <c>serve</c>), the extension
/// bundle that carries the Kafka extension, and the Kafka settings that make delivery at-least-once.
/// </summary>
/// <remarks>
/// <c>enableForwardingHttpRequest</c> is false: every function, httpTriggers included, arrives as an invocation payload
/// at <c>POST /{functionName}</c>, so one dispatcher serves all of them and answers the same way.
/// </remarks>
public static class HostJsonGenerator
{
    public const string BundleId = "Microsoft.Azure.Functions.ExtensionBundle";
    public const string BundleVersion = "[4.*, 5.0.0)";

    public static JsonObject Generate(JobSpec job, GenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        options ??= GenerationOptions.Default;
        return new JsonObject
        {
            ["version"] = "2.0",
            ["logging"] = new JsonObject
            {
                ["logLevel"] = new JsonObject { ["default"] = "Information" },
                ["applicationInsights"] = new JsonObject
                {
                    ["samplingSettings"] = new JsonObject { ["isEnabled"] = true, ["excludedTypes"] = "Request" },
                },
            },
            ["extensionBundle"] = new JsonObject { ["id"] = BundleId, ["version"] = BundleVersion },
            ["customHandler"] = new JsonObject
            {
                ["description"] = new JsonObject
                {
                    ["defaultExecutablePath"] = options.ExecutablePath,
                    ["workingDirectory"] = options.WorkingDirectory,
                    ["arguments"] = new JsonArray(options.Arguments.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                },
                ["enableForwardingHttpRequest"] = false,
            },
            ["extensions"] = new JsonObject
            {
                ["http"] = new JsonObject { ["routePrefix"] = "api" },
                ["kafka"] = new JsonObject
                {
                    ["maxBatchSize"] = MaxBatchSize(job, options),
                    ["commitOnFailure"] = false,
                    ["maxRetries"] = options.MaxRetries,
                },
            },
        };
    }

    /// <summary>
    /// maxBatchSize is one setting for the whole app, so it takes the smallest batchSize of the triggered tasks:
    /// no task sees a batch larger than it declared.
    /// </summary>
    public static int MaxBatchSize(JobSpec job, GenerationOptions? options = null)
    {
        options ??= GenerationOptions.Default;
        var sizes = FunctionNames.TriggeredTasks(job).Where(t => t.BatchSize is > 0).Select(t => t.BatchSize!.Value).ToList();
        return sizes.Count == 0 ? options.DefaultMaxBatchSize : sizes.Min();
    }
}
