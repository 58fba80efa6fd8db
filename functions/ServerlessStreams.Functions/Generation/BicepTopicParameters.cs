using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// A job's topics as infra-bicep/main.bicep takes them, in a deployment parameters file: <c>jobName</c>,
/// <c>kafkaTasks</c> (each task with a topic: input, output, or repartition with the partitions and retention the job
/// decides) and <c>extraTopics</c> (dead letters, late data, trigger syncs). Copy the values into a <c>.bicepparam</c>
/// file, or pass the file with <c>--parameters</c> next to <c>--template-file main.bicep</c>.
/// </summary>
internal static class BicepTopicParameters
{
    public const string Schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

    public static JsonObject Generate(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var topics = JobTopics.Of(job);
        var tasks = new JsonArray();
        foreach (var topic in topics.Where(t => t.Task is not null))
        {
            var task = new JsonObject
            {
                ["name"] = topic.Task,
                ["topic"] = topic.Name,
                ["type"] = topic.Role switch
                {
                    JobTopicRole.Input => "input",
                    JobTopicRole.Repartition => "repartition",
                    _ => "output",
                },
            };
            if (topic.Partitions is { } partitions) task["partitions"] = partitions;
            if (topic.Retention is { } retention) task["retentionInDays"] = RetentionInDays(retention);
            tasks.Add(task);
        }
        var extra = new JsonArray([.. topics.Where(t => t.Task is null).Select(t => (JsonNode)t.Name)]);
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["contentVersion"] = "1.0.0.0",
            ["parameters"] = new JsonObject
            {
                ["jobName"] = new JsonObject { ["value"] = job.Name },
                ["kafkaTasks"] = new JsonObject { ["value"] = tasks },
                ["extraTopics"] = new JsonObject { ["value"] = extra },
            },
        };
    }

    /// <summary>Whole days, at least one: Event Hubs keeps records by the day (the template caps them at the tier's limit).</summary>
    public static int RetentionInDays(TimeSpan retention) => Math.Max(1, (int)Math.Ceiling(retention.TotalDays));
}
