using Confluent.Kafka;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>
/// Where the Kafka clients connect and how they authenticate. With a user name the connection is
/// SASL_SSL with the PLAIN mechanism, which is what Event Hubs (<c>$ConnectionString</c> and the
/// namespace connection string) and Confluent Cloud (API key and secret) expect; without one it is
/// plaintext, as for the embedded broker.
/// </summary>
internal sealed record KafkaClientSettings
{
    public static readonly TimeSpan DefaultDeliveryTimeout = TimeSpan.FromSeconds(60);

    public KafkaClientSettings(string bootstrapServers, string? username = null, string? password = null)
    {
        if (string.IsNullOrWhiteSpace(bootstrapServers))
        {
            throw new ArgumentException("Kafka bootstrap servers must be given as host:port[,host:port…].", nameof(bootstrapServers));
        }

        if (!string.IsNullOrEmpty(username) && string.IsNullOrEmpty(password))
        {
            throw new ArgumentException(
                $"A Kafka SASL user name ('{username}') was given without a password.", nameof(password));
        }

        BootstrapServers = bootstrapServers.Trim();
        Username = string.IsNullOrEmpty(username) ? null : username;
        Password = Username is null ? null : password;
    }

    public string BootstrapServers { get; }

    public string? Username { get; }

    public string? Password { get; }

    public bool UsesSasl => Username is not null;

    /// <summary>
    /// How long an invocation waits for its records' acknowledgements before their delivery fails (and the producer's
    /// client is replaced). Bounded well below a function invocation's timeout so a dead broker fails the invocation,
    /// which is then retried. The client itself never times a record out: see <see cref="ToProducerConfig"/>.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; init; } = DefaultDeliveryTimeout;

    /// <summary>
    /// The consumers' session timeout; null keeps the client default (45 s). Shorter values make a group
    /// notice a departed member sooner; the embedded broker also waits this long (less 1 s) for members
    /// to rejoin after one leaves or joins late, so local runs set a few seconds.
    /// </summary>
    public TimeSpan? ConsumerSessionTimeout { get; init; }

    /// <summary>
    /// Reads <see cref="AppSettingNames.KafkaBrokerList"/>, <see cref="AppSettingNames.KafkaUsername"/> and
    /// <see cref="AppSettingNames.KafkaPassword"/>; errors name the app setting to fix.
    /// </summary>
    public static KafkaClientSettings FromAppSettings(Func<string, string?> readSetting)
    {
        ArgumentNullException.ThrowIfNull(readSetting);
        var brokers = readSetting(AppSettingNames.KafkaBrokerList);
        if (string.IsNullOrWhiteSpace(brokers))
        {
            throw new InvalidOperationException(
                $"App setting '{AppSettingNames.KafkaBrokerList}' is not set: give the Kafka bootstrap servers as host:port[,host:port…].");
        }

        var username = readSetting(AppSettingNames.KafkaUsername);
        var password = readSetting(AppSettingNames.KafkaPassword);
        if (!string.IsNullOrEmpty(username) && string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException(
                $"App setting '{AppSettingNames.KafkaUsername}' is set but '{AppSettingNames.KafkaPassword}' is not: SASL needs both.");
        }

        return new KafkaClientSettings(brokers, username, password);
    }

    /// <summary>
    /// The configuration of an idempotent producer that waits for all in-sync replicas and writes what it is given to
    /// each partition in order and without gaps: an error that could skip a record is fatal to the client (and the
    /// next batch gets a new one), and no record times out inside the client, since librdkafka's gap-less guarantee does
    /// not cover timeouts (a record timed out in the queue would be skipped while later ones are written). The window
    /// entities behind an internal topic rely on it: they skip by the highest position they applied.
    /// </summary>
    public ProducerConfig ToProducerConfig(string clientId = "serverlessstreams")
    {
        var config = new ProducerConfig
        {
            ClientId = clientId,
            EnableIdempotence = true,
            EnableGaplessGuarantee = true,
            Acks = Acks.All,
            // 0: no timeout. SegmentProducer bounds its wait by DeliveryTimeout instead.
            MessageTimeoutMs = 0,
            // Small batches wait at most this long; a stage awaits its deliveries, so long lingering only adds latency.
            LingerMs = 5,
            // Outputs go to declared topics only; a typo must fail delivery, not create a topic with default partitions.
            AllowAutoCreateTopics = false,
            // A delivery report needs only its outcome and position: not copying each record's key, value and headers
            // back from the client saves an allocation per header and per record on every batch.
            DeliveryReportFields = "none",
        };
        ApplyConnection(config);
        return config;
    }

    /// <summary>
    /// The configuration of a consumer in <paramref name="groupId"/> that starts at the earliest offset
    /// when the group has none and commits only when told to.
    /// </summary>
    public ConsumerConfig ToConsumerConfig(string groupId, string clientId = "serverlessstreams")
    {
        if (string.IsNullOrWhiteSpace(groupId))
        {
            throw new ArgumentException("A Kafka consumer needs a non-empty consumer group.", nameof(groupId));
        }

        var config = new ConsumerConfig
        {
            ClientId = clientId,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        if (ConsumerSessionTimeout is { } session)
        {
            config.SessionTimeoutMs = (int)session.TotalMilliseconds;
            config.HeartbeatIntervalMs = (int)Math.Clamp(session.TotalMilliseconds / 3, 100, 3000);
        }

        ApplyConnection(config);
        return config;
    }

    /// <summary>The configuration of an admin client (metadata, offsets, consumer groups) on the same connection.</summary>
    public AdminClientConfig ToAdminClientConfig(string clientId = "serverlessstreams")
    {
        var config = new AdminClientConfig { ClientId = clientId };
        ApplyConnection(config);
        return config;
    }

    public override string ToString() =>
        UsesSasl ? $"{BootstrapServers} (SASL_SSL PLAIN as '{Username}')" : $"{BootstrapServers} (plaintext)";

    private void ApplyConnection(ClientConfig config)
    {
        config.BootstrapServers = BootstrapServers;
        if (!UsesSasl)
        {
            return;
        }

        config.SecurityProtocol = SecurityProtocol.SaslSsl;
        config.SaslMechanism = SaslMechanism.Plain;
        config.SaslUsername = Username;
        config.SaslPassword = Password;
        // Cloud endpoints drop idle connections silently (Event Hubs after 240 s); keepalives and a
        // shorter metadata refresh keep the producer from writing into a dead socket.
        config.SocketKeepaliveEnable = true;
        config.MetadataMaxAgeMs = 180_000;
    }
}
