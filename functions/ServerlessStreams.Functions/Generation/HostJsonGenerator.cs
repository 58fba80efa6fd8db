using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// host.json for a job's app: a .NET isolated app, so no <c>customHandler</c> and no extension bundle (the app carries
/// its extensions in <c>.azurefunctions/</c>), and the Kafka settings that make delivery at-least-once.
/// </summary>
internal static class HostJsonGenerator
{
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
            ["extensions"] = new JsonObject
            {
                ["http"] = new JsonObject { ["routePrefix"] = "api" },
                ["kafka"] = new JsonObject
                {
                    ["maxBatchSize"] = MaxBatchSize(job, options),
                    ["commitOnFailure"] = false,
                    ["maxRetries"] = options.MaxRetries,
                    ["autoCommitIntervalMs"] = options.AutoCommitIntervalMs,
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
