using Confluent.Kafka;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;

namespace ServerlessStreams.Functions.Tests.Kafka;

public sealed class KafkaClientSettingsTests
{
    private const string EventHubs = "ns.servicebus.windows.net:9093";
    private const string ConnectionString = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=secret";

    [Fact]
    public void WithoutAUserName_ClientsConnectInPlaintext()
    {
        var settings = new KafkaClientSettings(" 127.0.0.1:9092 ");

        var producer = settings.ToProducerConfig();
        var consumer = settings.ToConsumerConfig("ss-election-process-vote");

        Assert.Equal("127.0.0.1:9092", producer.BootstrapServers);
        Assert.Null(producer.SecurityProtocol);
        Assert.Null(producer.SaslMechanism);
        Assert.Null(consumer.SecurityProtocol);
        Assert.False(settings.UsesSasl);
    }

    [Fact]
    public void WithAUserName_ClientsUseSaslSslPlain_AsEventHubsNeeds()
    {
        var settings = new KafkaClientSettings(EventHubs, "$ConnectionString", ConnectionString);

        foreach (ClientConfig config in new ClientConfig[] { settings.ToProducerConfig(), settings.ToConsumerConfig("group") })
        {
            Assert.Equal(EventHubs, config.BootstrapServers);
            Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
            Assert.Equal(SaslMechanism.Plain, config.SaslMechanism);
            Assert.Equal("$ConnectionString", config.SaslUsername);
            Assert.Equal(ConnectionString, config.SaslPassword);
        }
    }

    [Fact]
    public void ProducerConfig_IsIdempotent_GapLess_WaitsForAllReplicas_AndNeverTimesARecordOut()
    {
        var settings = new KafkaClientSettings("broker:9092") { DeliveryTimeout = TimeSpan.FromSeconds(7) };

        var config = settings.ToProducerConfig("stage-7");

        Assert.True(config.EnableIdempotence);
        Assert.True(config.EnableGaplessGuarantee);
        Assert.Equal(Acks.All, config.Acks);
        // A record timed out inside the client could leave a gap; the producer bounds its wait instead.
        Assert.Equal(0, config.MessageTimeoutMs);
        Assert.False(config.AllowAutoCreateTopics);
        Assert.Equal("stage-7", config.ClientId);
    }

    [Fact]
    public void ConsumerConfig_CommitsOnlyWhenTold_AndStartsAtTheEarliestOffset()
    {
        var config = new KafkaClientSettings("broker:9092").ToConsumerConfig("ss-job-task");

        Assert.Equal("ss-job-task", config.GroupId);
        Assert.False(config.EnableAutoCommit);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
        Assert.Null(config.SessionTimeoutMs);
    }

    [Fact]
    public void ConsumerSessionTimeout_SetsSessionAndAShorterHeartbeat()
    {
        var settings = new KafkaClientSettings("broker:9092") { ConsumerSessionTimeout = TimeSpan.FromSeconds(6) };

        var config = settings.ToConsumerConfig("group");

        Assert.Equal(6000, config.SessionTimeoutMs);
        Assert.Equal(2000, config.HeartbeatIntervalMs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ConsumerConfig_WithoutAGroup_IsRefused(string group)
    {
        var error = Assert.Throws<ArgumentException>(() => new KafkaClientSettings("broker:9092").ToConsumerConfig(group));

        Assert.Equal("groupId", error.ParamName);
    }

    [Fact]
    public void FromAppSettings_ReadsTheDocumentedSettingNames()
    {
        var settings = KafkaClientSettings.FromAppSettings(Settings(new()
        {
            [AppSettingNames.KafkaBrokerList] = EventHubs,
            [AppSettingNames.KafkaUsername] = "$ConnectionString",
            [AppSettingNames.KafkaPassword] = ConnectionString,
        }));

        Assert.Equal(new KafkaClientSettings(EventHubs, "$ConnectionString", ConnectionString), settings);
    }

    [Fact]
    public void FromAppSettings_WithAnEmptyUserName_IsPlaintext()
    {
        var settings = KafkaClientSettings.FromAppSettings(Settings(new()
        {
            [AppSettingNames.KafkaBrokerList] = "127.0.0.1:9092",
            [AppSettingNames.KafkaUsername] = "",
            [AppSettingNames.KafkaPassword] = "",
        }));

        Assert.False(settings.UsesSasl);
        Assert.Null(settings.Password);
    }

    [Fact]
    public void FromAppSettings_WithoutBrokers_NamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KafkaClientSettings.FromAppSettings(Settings(new())));

        Assert.Contains($"'{AppSettingNames.KafkaBrokerList}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromAppSettings_WithAUserButNoPassword_NamesBothSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KafkaClientSettings.FromAppSettings(Settings(new()
        {
            [AppSettingNames.KafkaBrokerList] = EventHubs,
            [AppSettingNames.KafkaUsername] = "$ConnectionString",
        })));

        Assert.Contains($"'{AppSettingNames.KafkaUsername}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{AppSettingNames.KafkaPassword}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverShowsThePassword()
    {
        var settings = new KafkaClientSettings(EventHubs, "$ConnectionString", ConnectionString);

        Assert.DoesNotContain("secret", settings.ToString(), StringComparison.Ordinal);
        Assert.Contains(EventHubs, settings.ToString(), StringComparison.Ordinal);
    }

    private static Func<string, string?> Settings(Dictionary<string, string> values) =>
        name => values.TryGetValue(name, out var value) ? value : null;
}
