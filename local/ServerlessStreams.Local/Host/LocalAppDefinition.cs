namespace ServerlessStreams.Local.Host;

/// <summary>What the local trigger host drives: host.json's Kafka settings and the worker's functions by trigger.</summary>
internal sealed record LocalAppDefinition(
    string Directory,
    HostJsonSettings Settings,
    IReadOnlyList<KafkaTriggerFunction> KafkaFunctions,
    IReadOnlyList<TimerTriggerFunction> TimerFunctions,
    IReadOnlyList<string> HttpFunctions,
    IReadOnlyList<string> OtherFunctions)
{
    public int MaxBatchSize => Settings.MaxBatchSize;

    public int MaxRetries => Settings.MaxRetries;

    /// <summary>
    /// How often stored offsets are committed (<c>extensions.kafka.autoCommitIntervalMs</c>): as the extension does,
    /// a batch's offsets are stored after its invocation succeeded and the client commits them in the background.
    /// </summary>
    public int AutoCommitIntervalMs => Settings.AutoCommitIntervalMs;
}

/// <summary>A kafkaTrigger function; string values are as the worker declared them (possibly <c>%Setting%</c>).</summary>
internal sealed record KafkaTriggerFunction(
    string Name,
    string BindingName,
    string Topic,
    string BrokerList,
    string ConsumerGroup,
    string? Username,
    string? Password,
    KafkaBatchDataType DataType = KafkaBatchDataType.String);

/// <summary>A timerTrigger function with its six-field NCRONTAB schedule, <c>%Setting%</c> references resolved.</summary>
internal sealed record TimerTriggerFunction(string Name, string BindingName, string Schedule);
