using ServerlessStreams.Functions.Generation;

namespace ServerlessStreams.Functions.Tests.Worker;

public sealed class KafkaConnectionOptionsTests
{
    [Theory]
    [InlineData("$ConnectionString", "SaslSsl", "Plain")]
    [InlineData("", "Plaintext", null)]
    [InlineData(null, "Plaintext", null)]
    public void Triggers_use_sasl_over_tls_when_a_username_is_set(string? username, string protocol, string? mode)
    {
        var options = KafkaConnectionOptions.FromAppSettings(name => name == "KafkaUsername" ? username : null);

        Assert.Equal(protocol, options.Protocol);
        Assert.Equal(mode, options.AuthenticationMode);
    }
}
