namespace ServerlessStreams.Functions.Generation;

/// <summary>Choices the app's files and function metadata make that the job spec does not.</summary>
internal sealed record GenerationOptions
{
    public static readonly GenerationOptions Default = new();

    public KafkaConnectionOptions Kafka { get; init; } = KafkaConnectionOptions.SaslSsl;

    /// <summary>The consumer lag per instance at which the scale controller adds instances (the extension's default).</summary>
    public long LagThreshold { get; init; } = 1000;

    /// <summary>The sweeper's period when the job has no timer trigger.</summary>
    public TimeSpan DefaultSweeperPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The Kafka extension's default maxBatchSize, used when no input task declares a batchSize.</summary>
    public int DefaultMaxBatchSize { get; init; } = 64;

    /// <summary>How often the Kafka client commits the offsets of successful batches (the extension's default).</summary>
    public int AutoCommitIntervalMs { get; init; } = 200;

    /// <summary>
    /// Redeliveries before the extension force-commits (skips) a failing batch. -1 means never skip: stages are
    /// idempotent and bad records are dead-lettered by the stage, so only infrastructure failures fail a batch, and
    /// those must be retried until they pass.
    /// </summary>
    public int MaxRetries { get; init; } = -1;
}
