namespace ServerlessStreams.Functions.LocalHost;

/// <summary>What the local trigger host drives: host.json's Kafka settings and every function it can trigger.</summary>
public sealed record LocalAppDefinition(
    string Directory,
    int MaxBatchSize,
    int MaxRetries,
    IReadOnlyList<KafkaTriggerFunction> KafkaFunctions,
    IReadOnlyList<TimerTriggerFunction> TimerFunctions,
    IReadOnlyList<string> OtherFunctions)
{
    /// <summary>The Kafka extension's defaults when host.json does not set them.</summary>
    public const int DefaultMaxBatchSize = 64;
    public const int DefaultMaxRetries = 5;
    public const int DefaultAutoCommitIntervalMs = 200;

    /// <summary>
    /// How often stored offsets are committed (<c>extensions.kafka.autoCommitIntervalMs</c>): as the extension does,
    /// a batch's offsets are stored after its 2xx and the client commits them in the background.
    /// </summary>
    public int AutoCommitIntervalMs { get; init; } = DefaultAutoCommitIntervalMs;
}

/// <summary>A kafkaTrigger function; string values are as written in function.json (possibly <c>%Setting%</c>).</summary>
public sealed record KafkaTriggerFunction(
    string Name,
    string BindingName,
    string Topic,
    string BrokerList,
    string ConsumerGroup,
    string? Username,
    string? Password);

/// <summary>A timerTrigger function with its six-field NCRONTAB schedule.</summary>
public sealed record TimerTriggerFunction(string Name, string BindingName, string Schedule);
