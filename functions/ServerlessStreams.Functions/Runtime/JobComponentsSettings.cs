using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>Where a job's components find their broker and storage; read from app settings on Azure.</summary>
internal sealed record JobComponentsSettings
{
    public required KafkaClientSettings Kafka { get; init; }

    /// <summary>A storage connection string (Azurite, or an account key); null with <see cref="StorageAccountName"/> or in-process.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>A storage account reached with the app's managed identity.</summary>
    public string? StorageAccountName { get; init; }

    /// <summary>Task → topic as deployed (<c>Topic_&lt;task&gt;</c> app settings); the spec's topic otherwise.</summary>
    public IReadOnlyDictionary<string, string> Topics { get; init; } = new Dictionary<string, string>();

    public bool UsesInProcessStorage => StorageConnectionString is null && StorageAccountName is null;

    /// <summary>Reads the app settings the Functions host passes to the worker as environment variables.</summary>
    public static JobComponentsSettings FromAppSettings(Func<string, string?> read, IEnumerable<string> taskNames)
    {
        var connection = read(AppSettingNames.Storage);
        return new JobComponentsSettings
        {
            Kafka = KafkaClientSettings.FromAppSettings(read),
            StorageConnectionString = string.IsNullOrWhiteSpace(connection) ? null : connection,
            StorageAccountName = read(AppSettingNames.StorageAccountName),
            Topics = taskNames
                .Select(t => (Task: t, Topic: read(AppSettingNames.TopicOf(t))))
                .Where(p => !string.IsNullOrWhiteSpace(p.Topic))
                .ToDictionary(p => p.Task, p => p.Topic!),
        };
    }
}
