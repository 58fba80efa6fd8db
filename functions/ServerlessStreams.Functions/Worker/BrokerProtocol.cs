namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// The Kafka extension's <c>BrokerProtocol</c>, member for member: binding metadata carries the member's name, which
/// the host-side extension parses into its own enum.
/// </summary>
internal enum BrokerProtocol
{
    NotSet = -1,
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}
