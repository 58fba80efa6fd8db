using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Generation;

/// <summary>The host.json and local.settings.sample.json at the repository root are what generate writes for the election sample.</summary>
public class CommittedRootFilesTests
{
    private const string Regenerate =
        "regenerate with: dotnet run --project functions/ServerlessStreams.App -- generate --job functions/ServerlessStreams.App/samples/election/job.json --out <tmp> --local-settings, then copy host.json and local.settings.sample.json to the root";

    [Fact]
    public void Root_host_json_is_the_generated_one()
    {
        var expected = JsonFiles.Format(HostJsonGenerator.Generate(ElectionSample.Load()));

        var actual = File.ReadAllText(Path.Combine(FixtureFiles.RepositoryRoot, FunctionAppFiles.HostJsonFile));

        Assert.True(expected == actual, $"host.json differs from the generated one; {Regenerate}\n{expected}");
    }

    [Fact]
    public void Root_local_settings_sample_is_the_generated_one()
    {
        var expected = JsonFiles.Format(LocalSettingsGenerator.Generate(ElectionSample.Load(), "samples/election/job.json"));

        var actual = File.ReadAllText(Path.Combine(FixtureFiles.RepositoryRoot, FunctionAppFiles.LocalSettingsSampleFile));

        Assert.True(expected == actual, $"local.settings.sample.json differs from the generated one; {Regenerate}\n{expected}");
    }

    [Fact]
    public void Local_settings_name_every_kafka_topic_of_the_job_and_no_secret()
    {
        var settings = LocalSettingsGenerator.Generate(ElectionSample.Load(), "samples/election/job.json")["Values"]!;

        Assert.Equal("votes", settings["Topic_votes"]!.GetValue<string>());
        Assert.Equal("vote-results", settings["Topic_results"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        Assert.Equal("", settings["KafkaPassword"]!.GetValue<string>());
    }
}
