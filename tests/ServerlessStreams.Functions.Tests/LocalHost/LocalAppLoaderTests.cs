using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.LocalHost;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.LocalHost;

public class LocalAppLoaderTests
{
    [Fact]
    public void Load_reads_what_generate_writes()
    {
        using var folder = new TemporaryDirectory();
        FunctionAppWriter.Write(folder.Path, ElectionSample.Load());

        var app = LocalAppLoader.Load(folder.Path);

        Assert.Equal(500, app.MaxBatchSize);
        Assert.Equal(-1, app.MaxRetries);
        var stage = Assert.Single(app.KafkaFunctions);
        Assert.Equal(new KafkaTriggerFunction("stage-votes", "events", "%Topic_votes%", "%KafkaBrokerList%", "ss-election-votes",
            "%KafkaUsername%", "%KafkaPassword%"), stage);
        Assert.Equal(new TimerTriggerFunction("sweeper", "timer", "*/5 * * * * *"), Assert.Single(app.TimerFunctions));
        Assert.Equal(["health", "query"], app.OtherFunctions);
    }

    [Fact]
    public void Missing_kafka_settings_take_the_extension_defaults()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "host.json"), "{\"version\":\"2.0\"}");

        var app = LocalAppLoader.Load(folder.Path);

        Assert.Equal(64, app.MaxBatchSize);
        Assert.Equal(5, app.MaxRetries);
        Assert.Equal(200, app.AutoCommitIntervalMs);
        Assert.Empty(app.KafkaFunctions);
    }

    [Fact]
    public void The_auto_commit_interval_is_read_from_host_json_and_must_be_positive()
    {
        using var folder = new TemporaryDirectory();
        var hostJson = Path.Combine(folder.Path, "host.json");
        File.WriteAllText(hostJson, "{\"extensions\":{\"kafka\":{\"autoCommitIntervalMs\":1000}}}");
        Assert.Equal(1000, LocalAppLoader.Load(folder.Path).AutoCommitIntervalMs);

        File.WriteAllText(hostJson, "{\"extensions\":{\"kafka\":{\"autoCommitIntervalMs\":0}}}");
        var error = Assert.Throws<InvalidOperationException>(() => LocalAppLoader.Load(folder.Path));
        Assert.Contains("extensions.kafka.autoCommitIntervalMs must be positive", error.Message);
    }

    [Fact]
    public void A_missing_host_json_is_explained()
    {
        using var folder = new TemporaryDirectory();

        var error = Assert.Throws<InvalidOperationException>(() => LocalAppLoader.Load(folder.Path));

        Assert.Contains("host.json does not exist", error.Message);
    }

    [Theory]
    [InlineData("{\"bindings\":[{\"type\":\"kafkaTrigger\",\"name\":\"events\",\"brokerList\":\"b\",\"consumerGroup\":\"g\"}]}", "no 'topic'")]
    [InlineData("{\"bindings\":[{\"type\":\"kafkaTrigger\",\"name\":\"events\",\"topic\":\"t\",\"brokerList\":\"b\",\"consumerGroup\":\"\"}]}", "'consumerGroup' must be a non-empty string")]
    [InlineData("{\"bindings\":[]}", "exactly one trigger binding, found 0")]
    [InlineData("{\"bindings\":{}}", "'bindings' must be an array")]
    [InlineData("{\"bindings\":[", "not valid JSON")]
    public void A_malformed_function_json_is_named_with_its_problem(string functionJson, string problem)
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "host.json"), "{}");
        Directory.CreateDirectory(Path.Combine(folder.Path, "stage-votes"));
        File.WriteAllText(Path.Combine(folder.Path, "stage-votes", "function.json"), functionJson);

        var error = Assert.Throws<InvalidOperationException>(() => LocalAppLoader.Load(folder.Path));

        Assert.Contains(Path.Combine("stage-votes", "function.json"), error.Message);
        Assert.Contains(problem, error.Message);
    }
}
