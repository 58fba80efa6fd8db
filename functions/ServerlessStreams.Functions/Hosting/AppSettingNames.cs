namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// The app settings the function app and its functions' bindings read. The Bicep templates
/// set exactly these names (a test compares them), so a rename here must be made there too.
/// </summary>
internal static class AppSettingNames
{
    /// <summary>Kafka bootstrap servers (Event Hubs: <c>NAMESPACE.servicebus.windows.net:9093</c>).</summary>
    public const string KafkaBrokerList = "KafkaBrokerList";

    /// <summary>SASL user name (Event Hubs: <c>$ConnectionString</c>); empty for a plaintext broker.</summary>
    public const string KafkaUsername = "KafkaUsername";

    /// <summary>SASL password (Event Hubs: the namespace connection string); a Key Vault reference on Azure.</summary>
    public const string KafkaPassword = "KafkaPassword";

    /// <summary>The job spec the app runs, relative to the app's folder.</summary>
    public const string JobSpecPath = "ServerlessStreamsJobSpec";

    /// <summary>The host's storage; also where window entities live. A connection string locally.</summary>
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>With managed identity: the storage account name instead of a connection string.</summary>
    public const string StorageAccountName = "AzureWebJobsStorage__accountName";

    /// <summary>With managed identity: <c>managedidentity</c>.</summary>
    public const string StorageCredential = "AzureWebJobsStorage__credential";

    /// <summary>
    /// Optional: the largest ingestion request body in bytes, for every ingestible input of the app; when set it wins
    /// over the spec's <c>ingest.maxBodyBytes</c> (<see cref="Ingestion.IngestLimits"/> says why).
    /// </summary>
    public const string IngestMaxBodyBytes = "IngestMaxBodyBytes";

    /// <summary>Optional: the largest ingested record in bytes; when set it wins over the spec's <c>ingest.maxRecordBytes</c>.</summary>
    public const string IngestMaxRecordBytes = "IngestMaxRecordBytes";

    /// <summary>The settings above that the app does without when they are not set: a deployment sets them only to override.</summary>
    public static IReadOnlyList<string> Optional { get; } = [IngestMaxBodyBytes, IngestMaxRecordBytes];

    /// <summary>The app setting that holds the topic of a job's task: <c>Topic_{task}</c>, dashes as underscores.</summary>
    public static string TopicOf(string taskName) => "Topic_" + Sanitize(taskName);

    /// <summary>The consumer group of a task's kafkaTrigger function.</summary>
    public static string ConsumerGroupOf(string jobName, string taskName) => $"ss-{jobName}-{taskName}";

    private static string Sanitize(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
}
