namespace ServerlessStreams.Functions.Worker;

/// <summary>The Kafka extension's <c>BrokerAuthenticationMode</c>, member for member (see <see cref="BrokerProtocol"/>).</summary>
internal enum BrokerAuthenticationMode
{
    NotSet = -1,
    Gssapi,
    Plain,
    ScramSha256,
    ScramSha512,
    OAuthBearer,
}
