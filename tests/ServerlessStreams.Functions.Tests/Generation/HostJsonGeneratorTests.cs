using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Generation;

public class HostJsonGeneratorTests
{
    [Fact]
    public void The_custom_handler_is_the_app_started_with_serve_and_receives_http_as_payloads()
    {
        var host = HostJsonGenerator.Generate(ElectionSample.Load());

        var description = host["customHandler"]!["description"]!;
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal("ServerlessStreams.App", description["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal(["serve"], description["arguments"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("", description["workingDirectory"]!.GetValue<string>());
        Assert.False(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
    }

    [Fact]
    public void The_bundle_is_the_v4_range()
    {
        var bundle = HostJsonGenerator.Generate(ElectionSample.Load())["extensionBundle"]!;

        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", bundle["id"]!.GetValue<string>());
        Assert.Equal("[4.*, 5.0.0)", bundle["version"]!.GetValue<string>());
    }

    [Fact]
    public void Kafka_settings_never_commit_a_failed_batch()
    {
        var kafka = HostJsonGenerator.Generate(ElectionSample.Load())["extensions"]!["kafka"]!;

        Assert.False(kafka["commitOnFailure"]!.GetValue<bool>());
        Assert.Equal(-1, kafka["maxRetries"]!.GetValue<int>());
        Assert.Equal(500, kafka["maxBatchSize"]!.GetValue<int>());
    }

    [Fact]
    public void MaxBatchSize_is_the_smallest_input_batch_size()
    {
        Assert.Equal(50, HostJsonGenerator.MaxBatchSize(SampleJobs.TwoInputs()));
    }

    [Fact]
    public void MaxBatchSize_defaults_to_the_extension_default_without_batch_sizes()
    {
        var job = SampleJobs.TwoInputs() with
        {
            Catalog = SampleJobs.TwoInputs().Catalog.Select(t => t with { BatchSize = null }).ToArray(),
        };

        Assert.Equal(64, HostJsonGenerator.MaxBatchSize(job));
    }

    [Fact]
    public void A_generated_host_json_passes_the_checker()
    {
        var job = ElectionSample.Load();

        Assert.Empty(HostJsonChecker.Check(HostJsonGenerator.Generate(job), job));
    }
}
