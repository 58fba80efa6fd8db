using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Generation;

public class HostJsonCheckerTests
{
    [Theory]
    [InlineData("customHandler", """{"description":{"defaultExecutablePath":"Election","arguments":["serve"]}}""", "$.customHandler", ".NET isolated worker")]
    [InlineData("extensionBundle", """{"id":"Microsoft.Azure.Functions.ExtensionBundle","version":"[4.*, 5.0.0)"}""", "$.extensionBundle", "carries its extensions")]
    [InlineData("extensions.kafka.commitOnFailure", "true", "$.extensions.kafka.commitOnFailure", "lost")]
    [InlineData("extensions.kafka.commitOnFailure", null, "$.extensions.kafka.commitOnFailure", "must be false")]
    [InlineData("extensions.kafka.maxRetries", "5", "$.extensions.kafka.maxRetries", "skipping it")]
    [InlineData("extensions.kafka.maxRetries", null, "$.extensions.kafka.maxRetries", "default (5)")]
    [InlineData("extensions.kafka.maxBatchSize", "0", "$.extensions.kafka.maxBatchSize", "positive")]
    [InlineData("extensions.kafka.maxBatchSize", "64", "$.extensions.kafka.maxBatchSize", "batches of 500")]
    [InlineData("version", "\"1.0\"", "$.version", "2.0")]
    public void Each_wrong_setting_is_reported_at_its_path(string property, string? value, string path, string explanation)
    {
        var job = ElectionSample.Load();
        var host = HostJsonGenerator.Generate(job);
        Set(host, property, value);

        var problem = Assert.Single(HostJsonChecker.Check(host, job));

        Assert.Equal(path, problem.Path);
        Assert.Contains(explanation, problem.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var host = HostJsonGenerator.Generate(ElectionSample.Load());
        Set(host, "extensions.kafka.commitOnFailure", "true");
        Set(host, "extensions.kafka.maxRetries", "3");
        Set(host, "extensionBundle", """{"id":"Microsoft.Azure.Functions.ExtensionBundle","version":"[4.*, 5.0.0)"}""");

        Assert.Equal(3, HostJsonChecker.Check(host).Count);
    }

    [Fact]
    public void A_host_json_without_kafka_settings_is_reported()
    {
        var host = HostJsonGenerator.Generate(ElectionSample.Load());
        host["extensions"]!.AsObject().Remove("kafka");

        var problem = Assert.Single(HostJsonChecker.Check(host));

        Assert.Equal("$.extensions.kafka", problem.Path);
    }

    [Fact]
    public void CheckFile_reports_a_missing_or_broken_file()
    {
        using var folder = new TemporaryDirectory();
        var path = Path.Combine(folder.Path, "host.json");

        Assert.Contains("does not exist", Assert.Single(HostJsonChecker.CheckFile(path)).Message);
        File.WriteAllText(path, "{ \"version\": ");
        Assert.Contains("not valid JSON", Assert.Single(HostJsonChecker.CheckFile(path)).Message);
    }

    [Fact]
    public void The_committed_host_json_has_no_problems()
    {
        var job = ElectionSample.Load();

        Assert.Empty(HostJsonChecker.CheckFile(Path.Combine(ElectionSample.AppFolder, "host.json"), job));
    }

    private static void Set(JsonObject root, string dottedPath, string? json)
    {
        var names = dottedPath.Split('.');
        var parent = root;
        foreach (var name in names[..^1]) parent = parent[name]!.AsObject();
        if (json is null) parent.Remove(names[^1]);
        else parent[names[^1]] = JsonNode.Parse(json);
    }
}
