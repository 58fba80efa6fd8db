using ServerlessStreams.Local.Host;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.LocalHost;

public class HostJsonSettingsTests
{
    [Fact]
    public void Kafka_settings_are_read_from_host_json()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "host.json"),
            "{\"extensions\":{\"kafka\":{\"maxBatchSize\":500,\"maxRetries\":-1,\"autoCommitIntervalMs\":1000}}}");

        Assert.Equal(new HostJsonSettings(500, -1, 1000), HostJsonSettings.Load(folder.Path));
    }

    [Fact]
    public void Missing_kafka_settings_take_the_extension_defaults()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "host.json"), "{\"version\":\"2.0\"}");

        Assert.Equal(new HostJsonSettings(64, 5, 200), HostJsonSettings.Load(folder.Path));
    }

    [Theory]
    [InlineData("{\"version\":\"2.0\"}", "api")]
    [InlineData("{\"extensions\":{\"http\":{\"routePrefix\":\"v1\"}}}", "v1")]
    [InlineData("{\"extensions\":{\"http\":{\"routePrefix\":\"/v1/\"}}}", "v1")]
    [InlineData("{\"extensions\":{\"http\":{\"routePrefix\":\"\"}}}", "")]
    public void The_http_route_prefix_is_read_from_host_json(string hostJson, string prefix)
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "host.json"), hostJson);

        Assert.Equal(prefix, HostJsonSettings.Load(folder.Path).HttpRoutePrefix);
    }

    [Theory]
    [InlineData("{\"extensions\":{\"http\":{\"routePrefix\":1}}}", "extensions.http.routePrefix must be a string")]
    [InlineData("{\"extensions\":{\"kafka\":{\"autoCommitIntervalMs\":0}}}", "extensions.kafka.autoCommitIntervalMs must be positive")]
    [InlineData("{\"extensions\":{\"kafka\":{\"maxBatchSize\":0}}}", "extensions.kafka.maxBatchSize must be positive")]
    [InlineData("{\"extensions\":{\"kafka\":{\"maxRetries\":\"five\"}}}", "extensions.kafka.maxRetries must be an integer")]
    [InlineData("{\"extensions\":", "is not valid JSON")]
    public void A_bad_setting_is_named_with_its_problem(string hostJson, string problem)
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "host.json"), hostJson);

        var error = Assert.Throws<InvalidOperationException>(() => HostJsonSettings.Load(folder.Path));

        Assert.Contains("host.json", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_missing_host_json_is_explained()
    {
        using var folder = new TemporaryDirectory();

        var error = Assert.Throws<InvalidOperationException>(() => HostJsonSettings.Load(folder.Path));

        Assert.Contains("host.json does not exist", error.Message);
    }
}
