using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Generation;

public class HostJsonGeneratorTests
{
    [Fact]
    public void A_dotnet_isolated_app_has_no_custom_handler_and_no_extension_bundle()
    {
        var host = HostJsonGenerator.Generate(ElectionSample.Load());

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Null(host["customHandler"]);
        Assert.Null(host["extensionBundle"]);
        Assert.Equal("api", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
    }

    [Fact]
    public void Kafka_settings_never_commit_a_failed_batch()
    {
        var kafka = HostJsonGenerator.Generate(ElectionSample.Load())["extensions"]!["kafka"]!;

        Assert.False(kafka["commitOnFailure"]!.GetValue<bool>());
        Assert.Equal(-1, kafka["maxRetries"]!.GetValue<int>());
        Assert.Equal(500, kafka["maxBatchSize"]!.GetValue<int>());
        Assert.Equal(200, kafka["autoCommitIntervalMs"]!.GetValue<int>());
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
