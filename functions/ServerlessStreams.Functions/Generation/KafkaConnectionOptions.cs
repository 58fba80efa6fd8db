namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// How generated kafkaTrigger bindings connect. The extension binds <c>protocol</c> and <c>authenticationMode</c> to
/// enums, so they are literals in the binding metadata (app settings cannot supply them); broker and credentials are
/// <c>%AppSetting%</c> references.
/// </summary>
internal sealed record KafkaConnectionOptions
{
    /// <summary>Event Hubs' Kafka endpoint and most managed brokers: SASL over TLS with PLAIN.</summary>
    public static readonly KafkaConnectionOptions SaslSsl = new() { Protocol = "SaslSsl", AuthenticationMode = "Plain" };

    /// <summary>A local broker without TLS or SASL (the embedded Kafka, a Docker broker).</summary>
    public static readonly KafkaConnectionOptions Plaintext = new() { Protocol = "Plaintext", AuthenticationMode = null };

    /// <summary>The extension's <c>BrokerProtocol</c>: Plaintext, Ssl, SaslPlaintext, SaslSsl.</summary>
    public required string Protocol { get; init; }

    /// <summary>The extension's <c>BrokerAuthenticationMode</c> (Plain, ScramSha256, ScramSha512, ...); null without SASL.</summary>
    public string? AuthenticationMode { get; init; }

    public bool UsesSasl => Protocol.StartsWith("Sasl", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How the app's kafkaTriggers connect, from its app settings: SASL over TLS when <c>KafkaUsername</c> is set (as
    /// the app's own producer does), plaintext otherwise.
    /// </summary>
    public static KafkaConnectionOptions FromAppSettings(Func<string, string?> readSetting) =>
        string.IsNullOrEmpty(readSetting(Hosting.AppSettingNames.KafkaUsername)) ? Plaintext : SaslSsl;
}
