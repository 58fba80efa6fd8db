using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// local.settings.sample.json: the app settings <c>func start</c> needs, for Azurite and a local broker. Copy it to
/// local.settings.json (which is not committed) and change what differs.
/// </summary>
internal static class LocalSettingsGenerator
{
    public const string LocalBroker = "127.0.0.1:9092";

    /// <summary>The language worker the host starts (on Flex Consumption the app's runtime says it instead).</summary>
    public const string WorkerRuntimeSetting = "FUNCTIONS_WORKER_RUNTIME";

    public const string DotnetIsolated = "dotnet-isolated";

    /// <param name="jobSpecSetting">The value of the job spec setting: the spec's path relative to the app folder.</param>
    public static JsonObject Generate(JobSpec job, string jobSpecSetting, string brokerList = LocalBroker)
    {
        ArgumentNullException.ThrowIfNull(job);
        var values = new JsonObject
        {
            [WorkerRuntimeSetting] = DotnetIsolated,
            [AppSettingNames.Storage] = "UseDevelopmentStorage=true",
            [AppSettingNames.JobSpecPath] = jobSpecSetting,
            [AppSettingNames.KafkaBrokerList] = brokerList,
            [AppSettingNames.KafkaUsername] = "",
            [AppSettingNames.KafkaPassword] = "",
        };
        foreach (var (setting, topic) in TopicSettings(job))
        {
            values[setting] = topic;
        }
        return new JsonObject { ["IsEncrypted"] = false, ["Values"] = values };
    }

    /// <summary>The topic of every task that has one (Kafka inputs and outputs, repartitioned tasks), by the app setting that carries it.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> TopicSettings(JobSpec job) =>
        JobTopics.Of(job).Where(t => t.Task is not null)
            .Select(t => KeyValuePair.Create(AppSettingNames.TopicOf(t.Task!), t.Name))
            .DistinctBy(p => p.Key)
            .ToList();
}
